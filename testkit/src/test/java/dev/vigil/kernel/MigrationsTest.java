package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Plugin migrations on both databases: applied once, kept across restarts, with the data they hold. */
class MigrationsTest {

    @TempDir
    Path jars;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migrationsApplyOnceAndDataSurvivesARestart(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set " + TestDatabase.POSTGRES_URL_VARIABLE + " to test PostgreSQL");
        Path greeter = TestPlugins.greeter(jars, 1);
        try (TestServer server = TestServer.builder().database(database).plugin(greeter).start()) {
            assertEquals(200, server.post("/api/v1/greeter/visits", "{}", server.ingestToken()).status());
            assertEquals(200, server.post("/api/v1/greeter/visits", "{}", server.ingestToken()).status());

            server.restart();

            HttpResult visits = server.get("/api/v1/greeter/visits", server.viewerToken());
            assertEquals(2, visits.json().get("count").asInt(), visits.body());
            HttpResult plugin = server.get("/api/v1/admin/plugins/greeter", server.viewerToken());
            assertEquals("[\"greeter_visits\"]", plugin.json().get("tables").toString());
            assertEquals(1, plugin.json().get("migrations").size(), plugin.body());
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT COUNT(*) FROM vigil_migrations WHERE plugin_id = 'greeter'")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1), "migration 1 recorded once");
            }
        }
    }
}
