package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;


import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How stored findings are replaced: never by older ones, and stale targets only by a full scan. */
class FindingsStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path work;

    @Test
    void aPluginScannedDuringAFullScanKeepsItsNewerFindings() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("test.db"))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(FindingsStore.TABLE.statements().getFirst());
            }
            FindingsStore store = new FindingsStore(new OneConnectionStorage(connection), new ObjectMapper().findAndRegisterModules());
            store.store(List.of(result("server", T0), result("plugin:old.zip", T0), result("path:app", T0)), T0);
            assertEquals(Map.of("server", T0, "plugin:old.zip", T0, "path:app", T0), stored(connection));

            // a plugin file arrives and is scanned (at T0+5) while the next full scan (started T0+1) is still running
            store.store(List.of(result("plugin:new.zip", T0.plusSeconds(5))), null);
            // that full scan listed the directory before the file arrived, and old.zip had been removed
            store.store(List.of(result("server", T0.plusSeconds(4)), result("path:app", T0.plusSeconds(4))),
                        T0.plusSeconds(1));

            assertEquals(Map.of("server", T0.plusSeconds(4), "path:app", T0.plusSeconds(4),
                                "plugin:new.zip", T0.plusSeconds(5)), stored(connection));
            // an older result never replaces a newer one
            store.store(List.of(result("plugin:new.zip", T0.plusSeconds(2))), null);
            assertEquals(T0.plusSeconds(5), stored(connection).get("plugin:new.zip"));
        }
    }

    private static TargetResult result(String key, Instant scannedAt) {
        return new TargetResult(key, ScanTarget.Kind.PATH, "/" + key, null, -1, -1, scannedAt, true, "test", null,
                                null, null, List.of(HealthScoreTest.component("a", "1.0", "/a.jar", List.of(), null)));
    }

    private static Map<String, Instant> stored(Connection connection) throws SQLException {
        Map<String, Instant> rows = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT target_key, scanned_at FROM dependencies_targets")) {
            while (result.next()) {
                rows.put(result.getString(1), Instant.ofEpochMilli(result.getLong(2)));
            }
        }
        return rows;
    }
}
