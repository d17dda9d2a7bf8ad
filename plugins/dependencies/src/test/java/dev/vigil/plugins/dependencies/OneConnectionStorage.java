package dev.vigil.plugins.dependencies;

import java.sql.Connection;
import java.sql.SQLException;

import dev.vigil.api.storage.Dialect;
import dev.vigil.api.storage.Storage;
import dev.vigil.api.storage.WriteQueue;

import io.helidon.dbclient.DbClient;

/** Storage over one real SQLite connection: enough for what the stores do in transactions. */
record OneConnectionStorage(Connection connection) implements Storage {
    @Override
    public DbClient db() {
        throw new UnsupportedOperationException("not in this test");
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public <T> T inTransaction(JdbcWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public <T> WriteQueue<T> writeQueue(String name, int capacity, BatchWriter<T> writer) {
        throw new UnsupportedOperationException("not in this test");
    }
}
