package dev.vigil.plugins.optimizer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

import dev.vigil.api.storage.Storage;

/** Small named numbers that must survive a restart (the live scorer's watermark). */
final class StateStore {

    static final String SCORED_UNTIL = "scored_until";

    private final Storage storage;

    StateStore(Storage storage) {
        this.storage = storage;
    }

    OptionalLong get(String name) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT val FROM optimizer_state WHERE name = ?")) {
                statement.setString(1, name);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? OptionalLong.of(Long.parseLong(rows.getString(1))) : OptionalLong.empty();
                }
            }
        });
    }

    void put(Connection connection, String name, long value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO optimizer_state (name, val) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET val = excluded.val")) {
            statement.setString(1, name);
            statement.setString(2, Long.toString(value));
            statement.executeUpdate();
        }
    }
}
