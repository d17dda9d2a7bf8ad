package dev.vigil.kernel.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.vigil.api.storage.Dialect;
import dev.vigil.api.storage.Storage;
import dev.vigil.api.storage.WriteQueue;
import dev.vigil.kernel.runtime.EventBusImpl;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;

/**
 * One plugin's view of the shared database: its own DbClient (over the shared pool) whose statements are
 * attributed to it, and the write queues it opened, which the kernel drains and closes when the plugin stops.
 */
public final class PluginStorage implements Storage, AutoCloseable {

    private final String pluginId;
    private final KernelStorage storage;
    private final Clock clock;
    private final DbClient db;
    private final Map<String, WriteQueueImpl<?>> queues = new java.util.concurrent.ConcurrentHashMap<>();

    public PluginStorage(String pluginId, KernelStorage storage, EventBusImpl bus, Clock clock) {
        this.pluginId = pluginId;
        this.storage = storage;
        this.clock = clock;
        JdbcConnectionPool pool = new SharedPool(storage);
        this.db = JdbcClientBuilder.create()
                .connectionPool(pool)
                .addService(new QueryObserver(pluginId, storage.dialect().name().toLowerCase(java.util.Locale.ROOT),
                                              bus, clock))
                .build();
    }

    @Override
    public DbClient db() {
        return db;
    }

    @Override
    public Dialect dialect() {
        return storage.dialect();
    }

    @Override
    public <T> T inTransaction(JdbcWork<T> work) throws SQLException {
        return storage.inTransaction(work);
    }

    @Override
    public <T> WriteQueue<T> writeQueue(String name, int capacity, BatchWriter<T> writer) {
        if (queues.containsKey(name)) {
            throw new IllegalArgumentException("write queue '" + name + "' already exists");
        }
        WriteQueueImpl<T> queue = new WriteQueueImpl<>(pluginId, name, capacity, writer, storage, clock);
        queues.put(name, queue);
        return queue;
    }

    public List<Map<String, Object>> describeQueues() {
        return queues.values().stream().map(WriteQueueImpl::view).toList();
    }

    /** Drains and closes the plugin's write queues. The pool itself belongs to the kernel and stays open. */
    @Override
    public void close() {
        queues.values().forEach(WriteQueueImpl::close);
        queues.clear();
    }

    /** Hands dbclient connections from the kernel's pool. */
    private record SharedPool(KernelStorage storage) implements JdbcConnectionPool {
        @Override
        public java.sql.Connection connection() {
            try {
                return storage.dataSource().getConnection();
            } catch (SQLException e) {
                throw new io.helidon.dbclient.DbClientException("no database connection: " + e.getMessage(), e);
            }
        }

        @Override
        public String dbType() {
            return storage.dialect() == Dialect.SQLITE ? "jdbc:sqlite" : "jdbc:postgresql";
        }
    }
}
