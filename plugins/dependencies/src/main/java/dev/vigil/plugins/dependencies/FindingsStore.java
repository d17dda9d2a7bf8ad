package dev.vigil.plugins.dependencies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;

/**
 * The dependencies_targets table: the latest findings per scanned target, components stored as JSON (they are
 * always read whole, with their target). A scan's findings are stored in one transaction, so a report never mixes a
 * half-written scan with the previous one.
 */
final class FindingsStore {

    static final Migration TABLE = Migration.of(1, "latest findings per scanned target",
            "CREATE TABLE dependencies_targets (target_key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                    + "location TEXT NOT NULL, plugin_id TEXT, file_size BIGINT NOT NULL, "
                    + "file_modified BIGINT NOT NULL, scanned_at BIGINT NOT NULL, "
                    + "vulnerabilities_checked INTEGER NOT NULL, data_source TEXT, data_problem TEXT, "
                    + "data_updated_at BIGINT, error TEXT, components TEXT NOT NULL)");

    private static final String COLUMNS = "target_key, kind, location, plugin_id, file_size, file_modified, "
            + "scanned_at, vulnerabilities_checked, data_source, data_problem, data_updated_at, error, components";
    private static final TypeReference<List<Component>> COMPONENTS = new TypeReference<>() {
    };

    private final Storage storage;
    private final ObjectMapper json;

    FindingsStore(Storage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    /**
     * Stores scan results. A result never replaces a newer one: a plugin file scanned while a full scan was running
     * keeps its own, later findings. With {@code dropUnlistedScannedBefore} (a full scan's start), targets the scan
     * no longer lists (a removed file, a path taken out of the config) are dropped, unless scanned after that time.
     */
    void store(List<TargetResult> results, Instant dropUnlistedScannedBefore) throws SQLException {
        storage.inTransaction(connection -> {
            Map<String, Long> stored = new HashMap<>();
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery(
                         "SELECT target_key, scanned_at FROM dependencies_targets")) {
                while (rows.next()) {
                    stored.put(rows.getString(1), rows.getLong(2));
                }
            }
            Set<String> listed = new HashSet<>();
            List<TargetResult> newer = new ArrayList<>();
            for (TargetResult result : results) {
                listed.add(result.key());
                Long existing = stored.get(result.key());
                if (existing == null || existing <= result.scannedAt().toEpochMilli()) {
                    newer.add(result);
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dependencies_targets WHERE target_key = ?")) {
                for (TargetResult result : newer) {
                    delete.setString(1, result.key());
                    delete.addBatch();
                }
                if (dropUnlistedScannedBefore != null) {
                    for (Map.Entry<String, Long> row : stored.entrySet()) {
                        if (!listed.contains(row.getKey())
                                && row.getValue() < dropUnlistedScannedBefore.toEpochMilli()) {
                            delete.setString(1, row.getKey());
                            delete.addBatch();
                        }
                    }
                }
                delete.executeBatch();
            }
            insert(connection, newer);
            return null;
        });
    }

    void delete(String key) {
        storage.db().execute().dml("DELETE FROM dependencies_targets WHERE target_key = ?", key);
    }

    List<TargetResult> all() {
        return storage.db().execute().query("SELECT " + COLUMNS + " FROM dependencies_targets ORDER BY target_key")
                .map(this::read).toList();
    }

    Optional<TargetResult> find(String key) {
        return storage.db().execute().get("SELECT " + COLUMNS + " FROM dependencies_targets WHERE target_key = ?", key)
                .map(this::read);
    }

    private void insert(Connection connection, List<TargetResult> results) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO dependencies_targets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TargetResult result : results) {
                insert.setString(1, result.key());
                insert.setString(2, result.kind().name());
                insert.setString(3, result.location());
                setText(insert, 4, result.pluginId());
                insert.setLong(5, result.fileSize());
                insert.setLong(6, result.fileModified());
                insert.setLong(7, result.scannedAt().toEpochMilli());
                insert.setInt(8, result.vulnerabilitiesChecked() ? 1 : 0);
                setText(insert, 9, result.dataSource());
                setText(insert, 10, result.dataProblem());
                if (result.dataUpdatedAt() == null) {
                    insert.setNull(11, Types.BIGINT);
                } else {
                    insert.setLong(11, result.dataUpdatedAt().toEpochMilli());
                }
                setText(insert, 12, result.error());
                insert.setString(13, write(result.components()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private TargetResult read(DbRow row) {
        Long updated = optionalLong(row, "data_updated_at");
        return new TargetResult(text(row, "target_key"), ScanTarget.Kind.valueOf(text(row, "kind")),
                                text(row, "location"), text(row, "plugin_id"), number(row, "file_size"),
                                number(row, "file_modified"), Instant.ofEpochMilli(number(row, "scanned_at")),
                                number(row, "vulnerabilities_checked") == 1, text(row, "data_source"),
                                text(row, "data_problem"), updated == null ? null : Instant.ofEpochMilli(updated),
                                text(row, "error"), readComponents(text(row, "components")));
    }

    private String write(List<Component> components) throws SQLException {
        try {
            return json.writeValueAsString(components);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write the components as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<Component> readComponents(String text) {
        try {
            return json.readValue(text, COMPONENTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored components are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private static String text(DbRow row, String column) {
        // get() answers null for SQL NULL (asOptional() throws on it)
        return row.column(column).get(String.class);
    }

    private static long number(DbRow row, String column) {
        return row.column(column).get(Number.class).longValue();
    }

    private static Long optionalLong(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : value.longValue();
    }
}
