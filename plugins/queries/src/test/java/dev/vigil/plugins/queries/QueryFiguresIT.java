package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.testkit.HttpResult;
import dev.vigil.api.services.QueryFigures;
import dev.vigil.testkit.ServiceProbe;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code QueryFigures} as another plugin sees it: a window's totals and top fingerprints, Vigil's own left out. */
class QueryFiguresIT {

    @TempDir
    static Path jars;
    static Path probe;

    /** Answers what QueryFigures.fingerprints gives for ?from=&to=&limit=. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = ServiceProbe.build(jars, "qprobe", "/figures", QueryFigures.class, "fingerprints", "from", "to", "limit");
    }

    private static String record(Instant time, String sql, double durationMs) {
        return "{\"timestamp\":\"" + time + "\",\"service\":\"shop\",\"sql\":\"" + sql + "\",\"duration_ms\":"
                + durationMs + "}";
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void givesTheWindowsTotalsAndItsFingerprintsByTotalTime(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(Duration.ofHours(1));
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe).database(database).start()) {
            List<String> records = new ArrayList<>();
            records.add(record(now.minus(Duration.ofHours(2)), "SELECT * FROM old WHERE id = 1", 500)); // before
            for (int i = 1; i <= 20; i++) { // orders: 20 statements of 1..20 ms, 210 ms in all
                records.add(record(now.minus(Duration.ofMinutes(30)), "SELECT * FROM orders WHERE id = " + i, i));
            }
            for (int i = 0; i < 3; i++) { // users: 3 of 100 ms, 300 ms in all
                records.add(record(now.minus(Duration.ofMinutes(5)), "SELECT name FROM users WHERE id = " + i, 100));
            }
            records.add(record(now.minus(Duration.ofMinutes(10)), "UPDATE carts SET n = 2", 4));
            HttpResult ingest = server.post("/api/v1/queries/ingest", "[" + String.join(",", records) + "]",
                                            server.ingestToken());
            assertEquals(200, ingest.status(), ingest.body());

            JsonNode window = server.get("/api/v1/qprobe/figures?from=" + from + "&to=" + now + "&limit=2",
                                         server.viewerToken()).json();
            // Vigil's own storage statements (service vigil) run all the while: none of them is counted.
            assertEquals(24, window.get("statements").asLong(), window.toString());
            assertEquals(514, window.get("total_time_ms").asDouble(), 1e-9);
            assertEquals(3, window.get("fingerprints").asLong());
            JsonNode top = window.get("top");
            assertEquals(2, top.size());
            assertTrue(top.get(0).get("text").asText().equals("select name from users where id = ?"), top.toString());
            assertEquals(3, top.get(0).get("executions").asLong());
            assertEquals(100, top.get(0).get("avg_ms").asDouble(), 1e-9);
            assertEquals(100, top.get(0).get("max_ms").asDouble(), 1e-9);
            assertEquals(100, top.get(0).get("p95_ms").asDouble(), 1e-9, "never above the exact max");
            JsonNode orders = top.get(1);
            assertEquals(20, orders.get("executions").asLong());
            assertEquals(210, orders.get("total_time_ms").asDouble(), 1e-9);
            assertEquals(19, orders.get("p95_ms").asDouble(), 0.2); // nearest rank: the 19th of 1..20
            assertEquals(20, orders.get("max_ms").asDouble(), 1e-9);

            JsonNode earlier = server.get("/api/v1/qprobe/figures?from=" + now.minus(Duration.ofHours(3)) + "&to="
                                                  + now.minus(Duration.ofMinutes(90)) + "&limit=10",
                                          server.viewerToken()).json();
            assertEquals(1, earlier.get("statements").asLong(), earlier.toString());
            assertEquals(500, earlier.get("top").get(0).get("max_ms").asDouble(), 1e-9);
        }
    }
}
