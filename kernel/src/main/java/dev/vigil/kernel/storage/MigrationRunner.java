package dev.vigil.kernel.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vigil.api.storage.Migration;

/**
 * Applies each plugin's migrations once, in version order, one transaction each, and records them in
 * {@code vigil_migrations} with a checksum of the SQL that ran, so that an edited migration is caught.
 */
public final class MigrationRunner {

    private static final System.Logger LOG = System.getLogger(MigrationRunner.class.getName());
    private static final Pattern CREATED = Pattern.compile(
            "(?i)\\bcreate\\s+(?:unique\\s+)?(table|index)\\s+(?:if\\s+not\\s+exists\\s+)?[\"`]?([A-Za-z0-9_]+)");
    private static final Pattern ALTERED_OR_DROPPED = Pattern.compile(
            "(?i)\\b(alter|drop)\\s+(table|index)\\s+(?:if\\s+exists\\s+)?[\"`]?([A-Za-z0-9_]+)");

    private final KernelStorage storage;
    private final Clock clock;
    private final ReentrantLock inProcess = new ReentrantLock();

    public MigrationRunner(KernelStorage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Creates the kernel's own record table. */
    public void prepare() throws SQLException {
        storage.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS vigil_migrations ("
                                          + "plugin_id TEXT NOT NULL, version INTEGER NOT NULL, "
                                          + "description TEXT NOT NULL, checksum TEXT NOT NULL, "
                                          + "applied_at BIGINT NOT NULL, PRIMARY KEY (plugin_id, version))");
            }
            return null;
        });
    }

    /** What one plugin's migrations did: versions newly applied, and the tables they define. */
    public record Outcome(List<Integer> applied, List<String> tables) {
    }

    /**
     * Checks and applies {@code migrations} of {@code owner}. Table and index names must start with
     * {@code <prefix>_}.
     *
     * @throws MigrationException when the list is malformed, a recorded migration changed, or SQL fails
     */
    public Outcome apply(String owner, String prefix, List<Migration> migrations) throws MigrationException {
        List<Migration> ordered = checkOrder(owner, migrations);
        Set<String> tables = new LinkedHashSet<>();
        Map<Integer, List<String>> rendered = new HashMap<>();
        for (Migration migration : ordered) {
            List<String> sql = migration.statements().stream().map(storage.dialect()::render).toList();
            checkNames(owner, prefix, migration.version(), sql, tables);
            rendered.put(migration.version(), sql);
        }
        if (ordered.isEmpty()) {
            return new Outcome(List.of(), List.copyOf(tables));
        }
        // Plugins starting side by side take turns here, so that only one of them asks the database for its lock
        // (which the others would otherwise wait for by polling); nodes sharing PostgreSQL take turns there.
        inProcess.lock();
        AutoCloseable lock;
        try {
            lock = storage.acquire("migrations", java.time.Duration.ofSeconds(60))
                    .orElseThrow(() -> new MigrationException("another node held the migration lock for 60 s"));
        } catch (MigrationException | RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
        try {
            Map<Integer, String> recorded = recorded(owner);
            List<Integer> applied = new ArrayList<>();
            for (Migration migration : ordered) {
                List<String> sql = rendered.get(migration.version());
                String checksum = checksum(sql);
                String previous = recorded.get(migration.version());
                if (previous != null) {
                    if (!previous.equals(checksum)) {
                        throw new MigrationException("migration " + migration.version() + " of " + owner
                                                             + " was changed after it was applied; add a new version"
                                                             + " instead of editing an applied one");
                    }
                    continue;
                }
                run(owner, migration, sql, checksum);
                applied.add(migration.version());
            }
            return new Outcome(applied, List.copyOf(tables));
        } finally {
            release(lock);
            inProcess.unlock();
        }
    }

    /** Versions recorded for this owner, with their applied time, for the admin API. */
    public List<Map<String, Object>> history(String owner) {
        try (Connection connection = storage.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT version, description, applied_at FROM vigil_migrations WHERE plugin_id = ? "
                             + "ORDER BY version")) {
            query.setString(1, owner);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("version", result.getInt(1));
                    row.put("description", result.getString(2));
                    row.put("applied_at", java.time.Instant.ofEpochMilli(result.getLong(3)));
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            return List.of(Map.of("error", e.getMessage()));
        }
    }

    private void run(String owner, Migration migration, List<String> sql, String checksum)
            throws MigrationException {
        try {
            storage.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String each : sql) {
                        statement.execute(each);
                    }
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO vigil_migrations (plugin_id, version, description, checksum, applied_at) "
                                + "VALUES (?, ?, ?, ?, ?)")) {
                    record.setString(1, owner);
                    record.setInt(2, migration.version());
                    record.setString(3, migration.description());
                    record.setString(4, checksum);
                    record.setLong(5, clock.millis());
                    record.executeUpdate();
                }
                return null;
            });
            LOG.log(System.Logger.Level.INFO, "{0}: applied migration {1} ({2})", owner, migration.version(),
                    migration.description());
        } catch (SQLException e) {
            throw new MigrationException("migration " + migration.version() + " (" + migration.description()
                                                 + ") of " + owner + " failed and was rolled back: "
                                                 + e.getMessage());
        }
    }

    private Map<Integer, String> recorded(String owner) throws MigrationException {
        try (Connection connection = storage.dataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT version, checksum FROM vigil_migrations WHERE plugin_id = ?")) {
            query.setString(1, owner);
            Map<Integer, String> recorded = new HashMap<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    recorded.put(result.getInt(1), result.getString(2));
                }
            }
            return recorded;
        } catch (SQLException e) {
            throw new MigrationException("cannot read applied migrations of " + owner + ": " + e.getMessage());
        }
    }

    private static List<Migration> checkOrder(String owner, List<Migration> migrations) throws MigrationException {
        List<Migration> ordered = new ArrayList<>(migrations);
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).version() <= ordered.get(i - 1).version()) {
                throw new MigrationException(owner + ": migrations must be listed in increasing version order, "
                                                     + "without duplicates; " + ordered.get(i).version()
                                                     + " follows " + ordered.get(i - 1).version());
            }
        }
        return ordered;
    }

    private static void checkNames(String owner, String prefix, int version, List<String> sql, Set<String> tables)
            throws MigrationException {
        String required = prefix + "_";
        for (String statement : sql) {
            Matcher created = CREATED.matcher(statement);
            while (created.find()) {
                String name = created.group(2).toLowerCase(Locale.ROOT);
                requirePrefix(owner, version, required, name);
                if (created.group(1).equalsIgnoreCase("table")) {
                    tables.add(name);
                }
            }
            Matcher changed = ALTERED_OR_DROPPED.matcher(statement);
            while (changed.find()) {
                String name = changed.group(3).toLowerCase(Locale.ROOT);
                requirePrefix(owner, version, required, name);
                if (changed.group(1).equalsIgnoreCase("drop") && changed.group(2).equalsIgnoreCase("table")) {
                    tables.remove(name);
                }
            }
        }
    }

    private static void requirePrefix(String owner, int version, String required, String name)
            throws MigrationException {
        if (!name.startsWith(required)) {
            throw new MigrationException("migration " + version + " of " + owner + " names '" + name
                                                 + "'; table and index names must start with '" + required + "'");
        }
    }

    private static String checksum(List<String> sql) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String statement : sql) {
                digest.update(statement.strip().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void release(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "could not release the migration lock", e);
        }
    }

    /** A migration problem; the plugin cannot start. */
    public static final class MigrationException extends Exception {
        public MigrationException(String message) {
            super(message);
        }
    }
}
