package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-minute signals and retention, with a clock the test moves forward instead of waiting. */
class ClockDrivenIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2030-01-01T00:00:10Z");
    private static final String QUIET = "record-own-traffic: false\n";
    private static final Map<String, String> SHOP_A = Map.of("service", "shop", "method", "GET", "endpoint", "/a");

    private static void runTask(TestServer server, String task) {
        assertEquals(202, server.post("/api/v1/admin/plugins/requests/tasks/" + task + "/run", null,
                                      server.adminToken()).status());
    }

    /** The value of a signal series at a time, or null while it is not published. */
    private static Double signal(TestServer server, String name, Map<String, String> labels, Instant time) {
        JsonNode history = server.get("/api/v1/admin/signals?name=" + name + "&minutes=60", server.viewerToken())
                .json();
        for (JsonNode series : history.get("series")) {
            if (series.get("labels").size() != labels.size()) {
                continue;
            }
            boolean match = labels.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(series.get("labels").path(e.getKey()).asText(null)));
            if (match) {
                for (JsonNode point : series.get("points")) {
                    if (Instant.parse(point.get("time").asText()).equals(time)) {
                        return point.get("value").asDouble();
                    }
                }
            }
        }
        return null;
    }

    @Test
    void publishesEachCompletedMinuteOverallAndPerEndpointWithZerosWhenIdle() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", QUIET).clock(clock)
                .start()) {
            Batch batch = Batch.of();
            for (int i = 0; i < 60; i++) {
                batch.add(START.minusMillis(i * 100L), "/a", i < 3 ? 500 : 200, i < 3 ? 30 : 10);
            }
            batch.add(START, "/b", 404, 20);
            assertEquals(200, server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken()).status());

            clock.advance(Duration.ofSeconds(70));
            runTask(server, "publish-signals");
            Instant minuteEnd = Instant.parse("2030-01-01T00:01:00Z");
            double throughput = TestServer.awaitValue(WAIT, "the throughput of 00:00", () -> signal(
                    server, "requests.throughput_rps", SHOP_A, minuteEnd));
            assertEquals(1.0, throughput);
            assertEquals(61 / 60.0, signal(server, "requests.throughput_rps", Map.of(), minuteEnd), 1e-9);
            assertEquals(5.0, signal(server, "requests.error_rate_percent", SHOP_A, minuteEnd));
            assertEquals(0.0, signal(server, "requests.client_error_rate_percent", SHOP_A, minuteEnd));
            assertEquals(100.0 / 61, signal(server, "requests.client_error_rate_percent", Map.of(), minuteEnd), 1e-9);
            assertEquals(11.0, signal(server, "requests.avg_ms", SHOP_A, minuteEnd), 1e-9);
            assertEquals(10.0, signal(server, "requests.p95_ms", SHOP_A, minuteEnd), 0.1);
            assertEquals(30.0, signal(server, "requests.p99_ms", SHOP_A, minuteEnd), 0.3);

            clock.advance(Duration.ofMinutes(1));
            runTask(server, "publish-signals");
            Instant nextEnd = minuteEnd.plus(Duration.ofMinutes(1));
            assertEquals(0.0, TestServer.awaitValue(WAIT, "a zero for the idle minute", () -> signal(
                    server, "requests.throughput_rps", SHOP_A, nextEnd)));
            assertEquals(0.0, signal(server, "requests.error_rate_percent", SHOP_A, nextEnd));
            assertEquals(0.0, signal(server, "requests.throughput_rps", Map.of(), nextEnd));
        }
    }

    @Test
    void overallSignalsLeaveOutVigilsOwnRequestsWhichKeepTheirPerEndpointSignals() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("requests", "own-traffic-flush-interval: 200ms\n").clock(clock).start()) {
            Batch batch = Batch.of();
            for (int i = 0; i < 6; i++) {
                batch.add(START.minusMillis(i * 100L), "/a", i == 0 ? 500 : 200, 10);
            }
            assertEquals(200, server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken()).status());
            for (int i = 0; i < 20; i++) {
                assertEquals(200, server.get("/api/v1/requests/status", server.viewerToken()).status());
            }
            TestServer.await(WAIT, "Vigil's own requests stored", () -> server.get(
                    "/api/v1/requests/summary?service=vigil", server.viewerToken()).json().get("total").asLong() >= 20);

            clock.advance(Duration.ofSeconds(70));
            runTask(server, "publish-signals");
            Instant minuteEnd = Instant.parse("2030-01-01T00:01:00Z");
            double overall = TestServer.awaitValue(WAIT, "the overall throughput of 00:00", () -> signal(
                    server, "requests.throughput_rps", Map.of(), minuteEnd));
            assertEquals(6 / 60.0, overall, 1e-9, "the overall signals count the monitored services only");
            assertEquals(100.0 / 6, signal(server, "requests.error_rate_percent", Map.of(), minuteEnd), 1e-9);
            Double own = signal(server, "requests.throughput_rps", Map.of("service", "vigil", "method", "GET",
                                                                          "endpoint", "/api/v1/requests/status"),
                                minuteEnd);
            // JSON figures carry 12 significant digits: 20/60 reads 0.333333333333
            assertTrue(own != null && own >= 20 / 60.0 - 1e-9, "Vigil's own endpoints keep their signals: " + own);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void retentionDeletesOnlyWhatIsOlderThanItsPeriod(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        MutableClock clock = new MutableClock(START);
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database)
                .config("requests", QUIET).clock(clock).start()) {
            Batch old = Batch.of();
            for (int i = 0; i < 5; i++) {
                old.add(START.minusSeconds(i), "/old", 200, 10 + i);
            }
            assertEquals(200, server.post("/api/v1/requests/ingest", old.json(), server.ingestToken()).status());

            clock.advance(Duration.ofDays(8));
            Batch recent = Batch.of().add(clock.instant(), "/new", 200, 1).add(clock.instant(), "/new", 200, 2);
            assertEquals(200, server.post("/api/v1/requests/ingest", recent.json(), server.ingestToken()).status());

            JsonNode run = runRetention(server, clock.instant());
            assertEquals(5, run.get("raw_deleted").asLong(), run.toString());
            assertEquals(0, run.get("minutes_deleted").asLong());
            JsonNode raw = server.get("/api/v1/requests/slow?hours=720&min_ms=0&service=shop", server.viewerToken())
                    .json().get("requests");
            assertEquals(2, raw.size(), "raw records newer than 7 days are kept");
            assertEquals(7, total(server), "figures are kept 30 days");

            clock.advance(Duration.ofDays(23));
            run = runRetention(server, clock.instant());
            assertEquals(2, run.get("raw_deleted").asLong(), run.toString());
            assertEquals(1, run.get("minutes_deleted").asLong());
            assertEquals(1, run.get("hours_deleted").asLong());
            assertEquals(2, total(server), "only the figures older than 30 days are gone");
        }
    }

    private static long total(TestServer server) {
        return server.get("/api/v1/requests/summary?hours=720&service=shop", server.viewerToken()).json()
                .get("total").asLong();
    }

    private static JsonNode runRetention(TestServer server, Instant now) {
        runTask(server, "retention");
        return TestServer.awaitValue(WAIT, "the retention run at " + now, () -> {
            JsonNode last = server.get("/api/v1/requests/status", server.viewerToken()).json()
                    .get("last_retention_run");
            return last != null && !last.isNull() && Instant.parse(last.get("ran_at").asText()).equals(now)
                    ? last : null;
        });
    }
}
