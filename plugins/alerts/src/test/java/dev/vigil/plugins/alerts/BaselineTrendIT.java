package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Baselines and regression alerts, and trends over synthetic series. */
class BaselineTrendIT {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String P95 = "requests.p95_ms";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aBaselineNeedsEnoughDataAndARegressionAgainstItAlerts(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        String config = """
                evaluation-interval: 1h
                rules: []
                regression:
                  consecutive: 2
                """;
        try (Harness h = Harness.start(database, config)) {
            TestServer server = h.server;
            h.publishSeries(P95, Map.of(), 20, MINUTE, i -> 100 + i % 5);
            HttpResult tooEarly = server.post("/api/v1/alerts/baseline", "{\"signals\": [\"requests.p95_ms\"]}",
                                              server.adminToken());
            assertEquals(409, tooEarly.status(), tooEarly.body());
            assertTrue(tooEarly.errorMessage().startsWith("not enough data for a 60-minute baseline"),
                       tooEarly.body());
            assertEquals(19, tooEarly.json().at("/error/details/longest_covered_minutes").asInt());
            assertEquals(0, server.get("/api/v1/alerts/baseline", server.viewerToken()).json().get("count").asInt());

            h.clock.advance(Duration.ofMinutes(61)); // the earlier points fall out of the 60-minute window
            h.publishSeries(P95, Map.of(), 60, MINUTE, i -> 100 + i % 5);
            HttpResult established = server.post("/api/v1/alerts/baseline",
                                                 "{\"duration_minutes\": 60, \"signals\": [\"requests.p95_ms\"]}",
                                                 server.adminToken());
            assertEquals(201, established.status(), established.body());
            JsonNode baseline = server.get("/api/v1/alerts/baseline", server.viewerToken()).json();
            assertEquals(1, baseline.get("count").asInt());
            assertEquals(102.0, baseline.at("/baselines/0/mean").asDouble(), 1e-9);
            assertEquals(1.4260, baseline.at("/baselines/0/stddev").asDouble(), 1e-3);
            assertEquals(104.0, baseline.at("/baselines/0/p95").asDouble(), 1e-9);
            assertEquals(60, baseline.at("/baselines/0/points").asInt());
            assertEquals("test-admin", baseline.at("/baselines/0/established_by").asText());

            // 30 % above the baseline mean: beyond the 15 % sensitivity, short of the 50 % critical level.
            h.clock.advance(Duration.ofMinutes(6));
            h.step(P95, Map.of(), 133);
            assertEquals(0, h.activeAlerts().size(), "one evaluation of two");
            h.step(P95, Map.of(), 133);
            JsonNode active = h.activeAlerts();
            assertEquals(1, active.size(), active.toString());
            assertEquals("regression:requests.p95_ms", active.get(0).get("rule").asText());
            assertEquals("warning", active.get(0).get("severity").asText());
            assertTrue(active.get(0).get("message").asText().contains("30.392% worse than its baseline"),
                       active.get(0).toString());

            HttpResult badDuration = server.post("/api/v1/alerts/baseline", "{\"duration_minutes\": 0}",
                                                 server.adminToken());
            assertEquals(400, badDuration.status());
            assertTrue(badDuration.errorMessage().startsWith("duration_minutes:"), badDuration.body());
            HttpResult badSignals = server.post("/api/v1/alerts/baseline", "{\"signals\": \"x\"}", server.adminToken());
            assertTrue(badSignals.errorMessage().startsWith("signals:"), badSignals.body());
        }
    }

    @Test
    void trendsTellImprovingDegradingAndStableApartWithAConfidence() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\nrules: []\n")) {
            Random random = new Random(3);
            h.publishSeries("test.improving_ms", Map.of(), 120, MINUTE,
                            i -> (i < 60 ? 300 : 220) + random.nextGaussian() * 25);
            h.publishSeries("test.degrading_ms", Map.of(), 120, MINUTE,
                            i -> (i < 60 ? 200 : 260) + random.nextGaussian() * 25);
            h.publishSeries("test.flat_ms", Map.of(), 120, MINUTE, i -> 200 + random.nextGaussian() * 25);
            h.publishSeries("test.sparse_ms", Map.of(), 6, Duration.ofMinutes(20), i -> 100);

            JsonNode improving = trend(h.server, "test.improving_ms");
            assertEquals("improving", improving.get("trend").asText(), improving.toString());
            assertEquals("decreasing", improving.get("direction").asText());
            assertEquals("mann-whitney-u", improving.get("test").asText());
            assertTrue(improving.get("confidence").asDouble() > 0.99, improving.toString());
            assertEquals(120, improving.at("/previous/points").asInt() + improving.at("/current/points").asInt());

            JsonNode degrading = trend(h.server, "test.degrading_ms");
            assertEquals("degrading", degrading.get("trend").asText(), degrading.toString());
            assertTrue(degrading.get("confidence").asDouble() > 0.99, degrading.toString());

            JsonNode flat = trend(h.server, "test.flat_ms");
            assertEquals("stable", flat.get("trend").asText(), flat.toString());

            JsonNode sparse = trend(h.server, "test.sparse_ms");
            assertEquals("too_little_data", sparse.get("trend").asText(), sparse.toString());
            assertTrue(sparse.get("message").asText().startsWith("too little data"), sparse.toString());

            HttpResult missing = h.server.get("/api/v1/alerts/trends", h.server.viewerToken());
            assertEquals(400, missing.status());
            assertTrue(missing.errorMessage().startsWith("signal:"), missing.body());
            assertEquals(400, h.server.get("/api/v1/alerts/trends?signal=a.b&hours=0", h.server.viewerToken())
                    .status());
        }
    }

    @Test
    void archivedMinutesCarryTrendsAcrossARestart() throws Exception {
        String config = """
                evaluation-interval: 1h
                rules: []
                archive:
                  signals: [test.archived_ms]
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config)) {
            Random random = new Random(5);
            h.publishSeries("test.archived_ms", Map.of("region", "eu"), 120, MINUTE,
                            i -> (i < 60 ? 200 : 280) + random.nextGaussian() * 20);
            TestServer server = h.server;
            assertEquals(202, server.post("/api/v1/admin/plugins/alerts/tasks/archive/run", null,
                                          server.adminToken()).status());
            TestServer.await(Duration.ofSeconds(10), "the archive run", () -> archiveRuns(server) >= 1);

            server.restart(); // the kernel's in-memory history is gone; the archived minutes are not
            JsonNode trend = trend(server, "test.archived_ms&label.region=eu");
            assertEquals("degrading", trend.get("trend").asText(), trend.toString());
            assertTrue(trend.at("/previous/points").asInt() >= 59, trend.toString());
            assertEquals("eu", trend.at("/labels/region").asText());
        }
    }

    @Test
    void aSignalOverTheArchiveSeriesLimitIsLoggedOncePerChangeNotEveryMinute() throws Exception {
        String config = """
                evaluation-interval: 1h
                rules: []
                archive:
                  signals: [test.wide]
                  max-series-per-signal: LIMIT
                """;
        try (LogCapture log = LogCapture.of("vigil.alerts");
             Harness h = Harness.start(TestDatabase.SQLITE, config.replace("LIMIT", "2"))) {
            for (int minute = 0; minute < 4; minute++) {
                archiveAMinuteOfThreeSeries(h);
            }
            assertEquals(1, log.linesWith("only the first 2 are archived").size(), log.lines().toString());

            h.server.writeConfig("alerts", config.replace("LIMIT", "3"));
            TestServer.await(Duration.ofSeconds(10), "the raised limit", () -> h.server.get(
                    "/api/v1/admin/plugins/alerts", h.server.viewerToken()).json()
                    .at("/config/values/archive/max-series-per-signal").asInt() == 3);
            archiveAMinuteOfThreeSeries(h);
            archiveAMinuteOfThreeSeries(h);
            assertEquals(1, log.linesWith("within archive.max-series-per-signal").size(), log.lines().toString());

            h.server.writeConfig("alerts", config.replace("LIMIT", "2"));
            TestServer.await(Duration.ofSeconds(10), "the lowered limit", () -> h.server.get(
                    "/api/v1/admin/plugins/alerts", h.server.viewerToken()).json()
                    .at("/config/values/archive/max-series-per-signal").asInt() == 2);
            archiveAMinuteOfThreeSeries(h);
            archiveAMinuteOfThreeSeries(h);
            assertEquals(2, log.linesWith("only the first 2 are archived").size(), log.lines().toString());
        }
    }

    /** Publishes a point of three series, moves a minute on and runs the archive (which logs while it runs). */
    private static void archiveAMinuteOfThreeSeries(Harness h) {
        for (String host : new String[] {"a", "b", "c"}) {
            h.publish("test.wide", Map.of("host", host), 1);
        }
        h.clock.advance(MINUTE);
        long runs = archiveRuns(h.server);
        assertEquals(202, h.server.post("/api/v1/admin/plugins/alerts/tasks/archive/run", null,
                                        h.server.adminToken()).status());
        TestServer.await(Duration.ofSeconds(10), "the archive run", () -> archiveRuns(h.server) > runs);
    }

    private static long archiveRuns(TestServer server) {
        for (JsonNode task : server.get("/api/v1/admin/plugins/alerts", server.viewerToken()).json().get("tasks")) {
            if (task.get("name").asText().equals("archive")) {
                return task.get("runs").asLong();
            }
        }
        return 0;
    }

    private static JsonNode trend(TestServer server, String signal) {
        HttpResult result = server.get("/api/v1/alerts/trends?hours=1&signal=" + signal, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        assertEquals(1, result.json().get("trends").size(), result.body());
        return result.json().at("/trends/0");
    }
}
