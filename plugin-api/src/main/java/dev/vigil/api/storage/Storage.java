package dev.vigil.api.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.helidon.dbclient.DbClient;

/**
 * The server's database. Use {@link #db()} for ordinary statements (the kernel observes them for the query
 * analysis); use {@link #inTransaction(JdbcWork)} for bulk writes, where JDBC batching is about ten times faster.
 */
public interface Storage {

    DbClient db();

    Dialect dialect();

    /** Runs {@code work} on one connection in one transaction: committed if it returns, rolled back if it throws. */
    <T> T inTransaction(JdbcWork<T> work) throws SQLException;

    /**
     * A queue whose single writer thread stores submitted items in batches, each batch in one transaction.
     * The kernel owns the thread, shows the queue in the admin API, and drains it when the plugin stops.
     */
    <T> WriteQueue<T> writeQueue(String name, int capacity, BatchWriter<T> writer);

    /** Work on a JDBC connection. */
    @FunctionalInterface
    interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Stores one batch of a write queue; runs inside a transaction the queue commits. */
    @FunctionalInterface
    interface BatchWriter<T> {
        void write(Connection connection, List<T> batch) throws SQLException;

        /**
         * Called on the queue's thread once the batch's transaction has committed, before its submitters hear of it:
         * the place to publish what the batch made durable. Not called for a batch that was rolled back.
         */
        default void committed(List<T> batch) {
        }
    }
}
