package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A known set of requests, ingested over HTTP into a real kernel, and every figure the routes answer checked
 * against it: counts, 4xx/5xx, slow count, average, max, and percentiles against a sorted reference.
 */
class FiguresIT {

    private static final String USERS = "/users/{id}";
    private static final String CHECKOUT = "/checkout";

    /** The durations of service "shop", for the sorted reference. */
    private final List<Double> durations = new ArrayList<>();

    private Batch knownRequests(Instant now) {
        Batch batch = Batch.of();
        for (int i = 1; i <= 600; i++) {
            int status = i % 100 == 1 ? 500 : i % 50 == 0 ? 404 : 200;
            double ms = 5 + (i * 37 % 600) * 0.5;
            batch.add(now.minusMillis(i * 997L), "shop", "GET", USERS, status, ms,
                      i % 3 == 0 ? "alice" : i % 3 == 1 ? "bob" : null);
            durations.add(ms);
        }
        for (int k = 0; k < 400; k++) {
            // Nothing within 1% of the 1000 ms slow threshold: the slow count is exact.
            double ms = k < 200 ? 100 + k : 1500 + 3 * (k - 200);
            batch.add(now.minusMillis(k * 1013L), "shop", "POST", CHECKOUT, k % 40 == 0 ? 503 : 201, ms, null);
            durations.add(ms);
        }
        // Older records: read from hour rows and leading minutes of a 24-hour window.
        batch.add(now.minus(Duration.ofHours(3)), USERS, 200, 50);
        batch.add(now.minus(Duration.ofMinutes(23 * 60 + 30)), USERS, 200, 60);
        durations.add(50.0);
        durations.add(60.0);
        return batch;
    }

    /** The average duration of the /users/{id} records whose index matches. */
    private static double average(java.util.function.IntPredicate index) {
        return java.util.stream.IntStream.rangeClosed(1, 600).filter(index)
                .mapToDouble(i -> 5 + (i * 37 % 600) * 0.5).average().orElseThrow();
    }

    private double reference(double q) {
        double[] sorted = durations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static void assertWithinOnePercent(double expected, JsonNode actual, String what) {
        double error = Math.abs(actual.asDouble() - expected) / expected;
        assertTrue(error <= 0.01, what + ": " + actual + " vs " + expected + " (error " + error + ")");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void answersExactFiguresForAKnownSetOfRequests(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database).start()) {
            Instant now = Instant.now();
            HttpResult ingested = server.post("/api/v1/requests/ingest", knownRequests(now).json(),
                                              server.ingestToken());
            assertEquals(200, ingested.status(), ingested.body());
            assertEquals(1002, ingested.json().get("accepted").asInt());

            JsonNode summary = server.get("/api/v1/requests/summary?hours=24&service=shop", server.viewerToken())
                    .json();
            assertEquals(1002, summary.get("total").asLong());
            assertEquals(12, summary.get("client_errors").asLong());
            assertEquals(16, summary.get("server_errors").asLong());
            assertEquals(Math.round(100.0 * 12 / 1002 * 1000) / 1000.0,
                         summary.get("client_error_rate_percent").asDouble());
            assertEquals(Math.round(100.0 * 16 / 1002 * 1000) / 1000.0,
                         summary.get("server_error_rate_percent").asDouble());
            assertEquals(200, summary.get("slow_count").asLong());
            double average = durations.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(average, summary.get("avg_ms").asDouble(), 0.0006);
            assertEquals(2097.0, summary.get("max_ms").asDouble());
            assertWithinOnePercent(reference(0.50), summary.get("p50_ms"), "p50");
            assertWithinOnePercent(reference(0.90), summary.get("p90_ms"), "p90");
            assertWithinOnePercent(reference(0.95), summary.get("p95_ms"), "p95");
            assertWithinOnePercent(reference(0.99), summary.get("p99_ms"), "p99");
            assertEquals(2, summary.get("endpoints").asInt());
            assertEquals(USERS, summary.at("/top_by_count/0/endpoint").asText());
            assertEquals(602, summary.at("/top_by_count/0/count").asLong());
            assertEquals(CHECKOUT, summary.at("/top_by_total_time/0/endpoint").asText());
            assertEquals("degraded", summary.get("health").asText(), summary.toString());

            JsonNode byTime = server.get("/api/v1/requests/endpoints?service=shop&sort=total_time",
                                         server.viewerToken()).json();
            assertEquals(CHECKOUT, byTime.at("/endpoints/0/endpoint").asText());
            assertEquals(400, byTime.at("/endpoints/0/count").asLong());
            assertEquals(10, byTime.at("/endpoints/0/server_errors").asLong());
            assertEquals(2.5, byTime.at("/endpoints/0/server_error_rate_percent").asDouble());
            assertEquals(200, byTime.at("/endpoints/0/slow_count").asLong());
            assertEquals(100.0, byTime.at("/endpoints/0/min_ms").asDouble());

            // The detail of /users/{id} over the last hour: per-minute buckets that add up to its count.
            String key = new EndpointKey("shop", "GET", USERS).id();
            JsonNode detail = server.get("/api/v1/requests/endpoints/" + key + "?hours=1", server.viewerToken())
                    .json();
            assertEquals(600, detail.at("/endpoint/count").asLong());
            assertEquals(60, detail.get("step_seconds").asInt());
            long seriesTotal = 0;
            for (JsonNode point : detail.get("series")) {
                seriesTotal += point.get("count").asLong();
            }
            assertEquals(600, seriesTotal);
            assertEquals(404, server.get("/api/v1/requests/endpoints/" + new EndpointKey("shop", "GET", "/none").id(),
                                         server.viewerToken()).status());

            JsonNode slow = server.get("/api/v1/requests/slow?service=shop&limit=3", server.viewerToken()).json();
            assertEquals(3, slow.get("requests").size());
            assertEquals(2097.0, slow.at("/requests/0/duration_ms").asDouble());
            assertEquals(2094.0, slow.at("/requests/1/duration_ms").asDouble());
            assertEquals(CHECKOUT, slow.at("/requests/0/endpoint").asText());
            // Below the slow index's floor the window is read in full: the slowest /users/{id} request.
            JsonNode fastest = server.get("/api/v1/requests/slow?service=shop&endpoint=/users/%7Bid%7D&min_ms=0"
                                                  + "&limit=1&hours=1", server.viewerToken()).json();
            assertEquals(304.5, fastest.at("/requests/0/duration_ms").asDouble());

            JsonNode users = server.get("/api/v1/requests/users?service=shop", server.viewerToken()).json();
            assertEquals("alice", users.at("/users/0/user").asText(), users.toString());
            assertEquals(200, users.at("/users/0/count").asLong());
            assertEquals("bob", users.at("/users/1/user").asText());
            assertEquals(200, users.at("/users/1/count").asLong());
            // alice has the i % 3 == 0 records, bob the i % 3 == 1 ones: alice's durations are a little longer.
            JsonNode byAverage = server.get("/api/v1/requests/users?service=shop&sort=avg", server.viewerToken()).json();
            double alice = average(i -> i % 3 == 0);
            double bob = average(i -> i % 3 == 1);
            assertEquals(alice > bob ? "alice" : "bob", byAverage.at("/users/0/user").asText(), byAverage.toString());
            assertEquals(alice, byAverage.at("/users/" + (alice > bob ? 0 : 1) + "/avg_ms").asDouble(), 0.0006);
            JsonNode byErrors = server.get("/api/v1/requests/users?service=shop&sort=errors&limit=1",
                                           server.viewerToken()).json();
            assertEquals(1, byErrors.get("users").size());
        }
    }
}
