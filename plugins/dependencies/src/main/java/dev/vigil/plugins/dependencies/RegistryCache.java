package dev.vigil.plugins.dependencies;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.Storage;

/**
 * The dependencies_registry_answers table: each registry's last answer per package (newest final release, its date,
 * the licences), so that a component whose registry cannot be reached still shows what it said last time, and how
 * long ago. One row per package, replaced by each new answer.
 */
final class RegistryCache {

    static final Migration TABLE = Migration.of(3, "last answer of each package registry",
            "CREATE TABLE dependencies_registry_answers (ecosystem TEXT NOT NULL, package TEXT NOT NULL, "
                    + "registry TEXT NOT NULL, latest_version TEXT, latest_released_at BIGINT, licenses TEXT, "
                    + "answered_at BIGINT NOT NULL, PRIMARY KEY (ecosystem, package))");

    /** What a registry said last about one package. {@code key} is {@code <ecosystem>:<package>}. */
    record Entry(String key, String registry, String latestVersion, Instant latestReleasedAt, List<String> licenses,
                 Instant answeredAt) {
        Entry {
            licenses = licenses == null ? List.of() : List.copyOf(licenses);
        }
    }

    private final Storage storage;

    RegistryCache(Storage storage) {
        this.storage = storage;
    }

    static String key(Ecosystem ecosystem, String packageName) {
        return ecosystem.key() + ":" + packageName;
    }

    /** The stored answers among {@code keys}, by key; read in one transaction. */
    Map<String, Entry> find(Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return storage.inTransaction(connection -> {
            Map<String, Entry> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT registry, latest_version, latest_released_at, licenses, answered_at "
                            + "FROM dependencies_registry_answers WHERE ecosystem = ? AND package = ?")) {
                for (String key : keys) {
                    int colon = key.indexOf(':');
                    select.setString(1, key.substring(0, colon));
                    select.setString(2, key.substring(colon + 1));
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            long released = row.getLong(3);
                            Instant releasedAt = row.wasNull() ? null : Instant.ofEpochMilli(released);
                            String licenses = row.getString(4);
                            found.put(key, new Entry(key, row.getString(1), row.getString(2), releasedAt,
                                                     licenses == null || licenses.isEmpty() ? List.of()
                                                             : Arrays.asList(licenses.split("\n")),
                                                     Instant.ofEpochMilli(row.getLong(5))));
                        }
                    }
                }
            }
            return found;
        });
    }

    /** Keeps these answers, replacing the previous answer for each package; one transaction. */
    void save(Collection<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        storage.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dependencies_registry_answers WHERE ecosystem = ? AND package = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO dependencies_registry_answers (ecosystem, package, registry, latest_version, "
                                 + "latest_released_at, licenses, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry entry : entries) {
                    int colon = entry.key().indexOf(':');
                    String ecosystem = entry.key().substring(0, colon);
                    String name = entry.key().substring(colon + 1);
                    delete.setString(1, ecosystem);
                    delete.setString(2, name);
                    delete.addBatch();
                    insert.setString(1, ecosystem);
                    insert.setString(2, name);
                    insert.setString(3, entry.registry());
                    setText(insert, 4, entry.latestVersion());
                    if (entry.latestReleasedAt() == null) {
                        insert.setNull(5, Types.BIGINT);
                    } else {
                        insert.setLong(5, entry.latestReleasedAt().toEpochMilli());
                    }
                    setText(insert, 6, entry.licenses().isEmpty() ? null : String.join("\n", entry.licenses()));
                    insert.setLong(7, entry.answeredAt().toEpochMilli());
                    insert.addBatch();
                }
                delete.executeBatch();
                insert.executeBatch();
            }
            return null;
        });
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
