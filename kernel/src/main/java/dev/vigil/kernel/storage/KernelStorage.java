package dev.vigil.kernel.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import dev.vigil.api.Secret;
import dev.vigil.api.storage.Dialect;
import dev.vigil.api.storage.Storage;
import dev.vigil.kernel.runtime.ClusterLock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The server's one connection pool and what the kernel does with it directly. */
public final class KernelStorage implements ClusterLock, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KernelStorage.class.getName());

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String description;

    private KernelStorage(HikariDataSource dataSource, Dialect dialect, String description) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Opens the database at {@code url}, or the embedded SQLite file {@code <dataDir>/vigil.db} when url is blank.
     * SQLite runs in WAL mode with NORMAL sync (durable against a killed process), and waits for a busy writer; its
     * file is created owner-only first, so that its WAL and shared-memory files are too.
     */
    public static KernelStorage open(String url, String user, String password, Path dataDir) throws IOException {
        String jdbcUrl = url;
        if (url == null || url.isBlank()) {
            Path embedded = dataDir.resolve("vigil.db");
            PrivateDirectory.createFile(embedded);
            jdbcUrl = "jdbc:sqlite:" + embedded;
        }
        Dialect dialect;
        HikariConfig config = new HikariConfig();
        config.setPoolName("vigil");
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            dialect = Dialect.SQLITE;
            jdbcUrl = withSqliteDefaults(jdbcUrl);
            // One writer at a time in SQLite; more connections only serve concurrent readers.
            config.setMaximumPoolSize(6);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRESQL;
            config.setMaximumPoolSize(12);
        } else {
            throw new IllegalArgumentException("storage.url must be a jdbc:sqlite: or jdbc:postgresql: URL, got "
                                                       + Secret.Reveal.URL_ORIGIN.mask(jdbcUrl));
        }
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isBlank()) {
            config.setPassword(password);
        }
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        String description = dialect == Dialect.SQLITE ? "sqlite " + jdbcUrl.substring("jdbc:sqlite:".length())
                .replaceFirst("\\?.*", "") : "postgresql " + Secret.Reveal.URL_ORIGIN.mask(jdbcUrl);
        LOG.log(System.Logger.Level.INFO, "storage: {0}", description);
        return new KernelStorage(dataSource, dialect, description);
    }

    private static String withSqliteDefaults(String url) {
        StringBuilder full = new StringBuilder(url);
        char separator = url.contains("?") ? '&' : '?';
        for (String setting : new String[] {"journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000",
                "transaction_mode=IMMEDIATE"}) {
            String key = setting.substring(0, setting.indexOf('='));
            if (!url.contains(key + "=")) {
                full.append(separator).append(setting);
                separator = '&';
            }
        }
        return full.toString();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** {@code sqlite /path/vigil.db} or {@code postgresql jdbc:postgresql://host:5432/***}, without credentials. */
    public String description() {
        return description;
    }

    public <T> T inTransaction(Storage.JdbcWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackError) {
            cause.addSuppressed(rollbackError);
        }
    }

    /**
     * On PostgreSQL, a session advisory lock held on a dedicated connection; on SQLite (one node by nature) the
     * lock is always granted.
     */
    @Override
    public Optional<AutoCloseable> tryAcquire(String name) {
        if (dialect != Dialect.POSTGRESQL) {
            return Optional.of(() -> { });
        }
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            long key = name.hashCode() * 2_654_435_761L;
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, key);
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        Connection held = connection;
                        connection = null;
                        return Optional.of(() -> {
                            try (held; PreparedStatement unlock = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                                unlock.setLong(1, key);
                                unlock.execute();
                            }
                        });
                    }
                    return Optional.empty();
                }
            }
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster lock " + name + " could not be taken", e);
            return Optional.empty();
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the pool discards it
                }
            }
        }
    }

    /** Waits up to {@code timeout} for the lock. */
    public Optional<AutoCloseable> acquire(String name, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<AutoCloseable> lock = tryAcquire(name);
            if (lock.isPresent() || System.nanoTime() > deadline) {
                return lock;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
