package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@code GET /metrics} shows of requests: the duration histogram per service, method, endpoint and status
 * class for ingested records and Vigil's own traffic, the ingest counters, the fold of endpoints past the cap; and
 * Vigil's own traffic kept out of the overall figures unless the config asks for it.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String INGEST = "/api/v1/requests/ingest";
    private static final String DURATION = "vigil_http_server_request_duration_seconds";
    private static final String RECORDS = "vigil_requests_ingest_records_total";
    private static final String FOLDED = "vigil_http_server_endpoints_folded_total";
    private static final String SERVICES_FOLDED = "vigil_http_server_services_folded_total";

    private static String[] labels(String service, String method, String endpoint, String statusClass, String... more) {
        String[] base = {"service", service, "method", method, "endpoint", endpoint, "status_class", statusClass};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static double bucket(ScrapedMetrics scrape, String le, String... series) {
        String[] withLe = new String[series.length + 2];
        System.arraycopy(series, 0, withLe, 0, series.length);
        withLe[series.length] = "le";
        withLe[series.length + 1] = le;
        return scrape.find(DURATION + "_bucket", withLe).orElse(0);
    }

    private static double count(ScrapedMetrics scrape, String... series) {
        return scrape.find(DURATION + "_count", series).orElse(0);
    }

    @Test
    void ingestedDurationsFillTheHistogramPerLabelSetAndTheIngestCountersCountRecords() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", "record-own-traffic: false\n")
                .start()) {
            Instant now = Instant.now();
            Batch batch = Batch.of()
                    .add(now, "shop", "GET", "/users/{id}", 200, 4, null)
                    .add(now, "shop", "GET", "/users/{id}", 200, 5, null)
                    .add(now, "shop", "GET", "/users/{id}", 204, 12, null)
                    .add(now, "shop", "GET", "/users/{id}", 503, 2000, null)
                    .add(now, "shop", "post", "/orders", 404, 0.5, null)
                    .add(now, "billing", "GET", "/pay", 201, 30_000, null);
            assertEquals(200, server.post(INGEST, batch.json(), server.ingestToken()).status());

            ScrapedMetrics scrape = ScrapedMetrics.of(server);
            String[] users2xx = labels("shop", "GET", "/users/{id}", "2xx");
            assertEquals(0, bucket(scrape, "0.0025", users2xx));
            assertEquals(2, bucket(scrape, "0.005", users2xx), "4 ms and 5 ms: the bound is inclusive");
            assertEquals(2, bucket(scrape, "0.01", users2xx));
            assertEquals(3, bucket(scrape, "0.025", users2xx));
            assertEquals(3, bucket(scrape, "+Inf", users2xx));
            assertEquals(3, count(scrape, users2xx));
            assertEquals(0.021, scrape.value(DURATION + "_sum", users2xx), 1e-9);

            String[] users5xx = labels("shop", "GET", "/users/{id}", "5xx");
            assertEquals(0, bucket(scrape, "1", users5xx));
            assertEquals(1, bucket(scrape, "2.5", users5xx));
            assertEquals(2.0, scrape.value(DURATION + "_sum", users5xx), 1e-9);
            String[] orders = labels("shop", "POST", "/orders", "4xx");
            assertEquals(1, bucket(scrape, "0.001", orders));
            assertEquals(0.0005, scrape.value(DURATION + "_sum", orders), 1e-12);
            String[] pay = labels("billing", "GET", "/pay", "2xx");
            assertEquals(0, bucket(scrape, "10", pay));
            assertEquals(1, bucket(scrape, "30", pay));
            assertEquals(1, count(scrape, pay));
            assertEquals(6, scrape.value(RECORDS, "outcome", "accepted"));
            assertEquals(0, scrape.find(RECORDS, "outcome", "rejected").orElse(0));

            // Refused batches: their records count as rejected, and nothing of them reaches the histogram.
            Batch spoiled = Batch.of().add(now, "shop", "GET", "/users/{id}", 200, 1, null)
                    .add(now, "shop", "GET", "/users/{id}", 200, 1, null)
                    .add(now, "shop", "GET", "/users/{id}", 200, 1, null);
            spoiled.last().put("status", 700);
            assertEquals(400, server.post(INGEST, spoiled.json(), server.ingestToken()).status());
            assertEquals(400, server.post(INGEST, "{\"records\": [ {\"service\": ", server.ingestToken()).status());
            assertEquals(400, server.post(INGEST, "[]", server.ingestToken()).status());

            ScrapedMetrics after = ScrapedMetrics.of(server);
            assertEquals(3, count(after, users2xx), "a refused batch adds nothing to the histogram");
            assertEquals(6, after.value(RECORDS, "outcome", "accepted"));
            assertEquals(5, after.value(RECORDS, "outcome", "rejected"),
                         "3 records of the spoiled batch, 1 for the body that is not JSON, 1 for the empty batch");
            after.assertPromtoolFindsNothing();
        }
    }

    @Test
    void endpointsPastTheCapAreFoldedIntoOtherAndCounted() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("requests", "record-own-traffic: false\nmetrics-max-endpoints: 2\n").start()) {
            Instant now = Instant.now();
            Batch batch = Batch.of().add(now, "/a", 200, 10).add(now, "/b", 200, 10).add(now, "/c", 200, 10)
                    .add(now, "/c", 500, 10).add(now, "/d", 200, 10)
                    .add(now, "billing", "GET", "/x", 200, 10, null);
            assertEquals(200, server.post(INGEST, batch.json(), server.ingestToken()).status());

            ScrapedMetrics scrape = ScrapedMetrics.of(server);
            assertEquals(1, count(scrape, labels("shop", "GET", "/a", "2xx")));
            assertEquals(1, count(scrape, labels("shop", "GET", "/b", "2xx")));
            assertEquals(2, count(scrape, labels("shop", "GET", "(other)", "2xx")));
            assertEquals(1, count(scrape, labels("shop", "GET", "(other)", "5xx")));
            assertTrue(scrape.find(DURATION + "_count", labels("shop", "GET", "/c", "2xx")).isEmpty());
            assertEquals(1, count(scrape, labels("billing", "GET", "/x", "2xx")), "each service has its own cap");
            assertEquals(2, scrape.value(FOLDED, "service", "shop"), "two endpoints folded: /c and /d");
            assertTrue(scrape.find(FOLDED, "service", "billing").isEmpty());
            scrape.assertPromtoolFindsNothing();

            JsonNode status = server.get("/api/v1/requests/status", server.viewerToken()).json();
            assertEquals(2, status.at("/metrics/max_endpoints_per_service").asInt(), status.toString());
            assertEquals(2, status.at("/metrics/folded_endpoints/shop").asLong(), status.toString());
            assertEquals(4, server.get("/api/v1/requests/endpoints?service=shop", server.viewerToken()).json()
                    .get("total_endpoints").asInt(), "the stored figures keep every endpoint");
        }
    }

    @Test
    void servicesPastTheCapAreFoldedIntoOtherAndCounted() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("requests", "metrics-max-services: 2\n").start()) {
            Instant now = Instant.now();
            Batch batch = Batch.of().add(now, "shop", "GET", "/a", 200, 10, null)
                    .add(now, "billing", "GET", "/a", 200, 10, null)
                    .add(now, "spam-1", "GET", "/a", 200, 10, null)
                    .add(now, "spam-2", "GET", "/b", 200, 10, null);
            assertEquals(200, server.post(INGEST, batch.json(), server.ingestToken()).status());
            server.get("/api/v1/requests/summary", server.viewerToken());

            TestServer.await(WAIT, "Vigil's own requests in the histogram despite the cap",
                             () -> ScrapedMetrics.of(server).labelsOf(DURATION + "_count").stream()
                                     .anyMatch(labels -> labels.get("service").equals("vigil")));
            ScrapedMetrics scrape = ScrapedMetrics.of(server);
            assertEquals(1, count(scrape, labels("shop", "GET", "/a", "2xx")));
            assertEquals(1, count(scrape, labels("billing", "GET", "/a", "2xx")));
            assertEquals(1, count(scrape, labels("(other)", "GET", "/a", "2xx")));
            assertEquals(1, count(scrape, labels("(other)", "GET", "/b", "2xx")));
            assertEquals(2, scrape.value(SERVICES_FOLDED));
            scrape.assertPromtoolFindsNothing();
            JsonNode status = server.get("/api/v1/requests/status", server.viewerToken()).json();
            assertEquals(2, status.at("/metrics/folded_services").asInt(), status.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void ownTrafficIsMeasuredAsVigilButLeftOutOfTheOverallFiguresUntilTheConfigIncludesIt(TestDatabase database)
            throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database)
                .config("requests", "own-traffic-flush-interval: 200ms\n").start()) {
            Instant now = Instant.now();
            Batch batch = Batch.of().add(now, "/a", 200, 10).add(now, "/a", 500, 30);
            assertEquals(200, server.post(INGEST, batch.json(), server.ingestToken()).status());
            String[] status = labels("vigil", "GET", "/api/v1/requests/status", "2xx");
            for (int i = 0; i < 2; i++) {
                assertEquals(200, server.get("/api/v1/requests/status", server.viewerToken()).status());
            }
            TestServer.await(WAIT, "Vigil's own requests in the histogram", () -> count(ScrapedMetrics.of(server), status) == 2);
            TestServer.await(WAIT, "Vigil's own requests in its figures", () -> server.get(
                    "/api/v1/requests/summary?service=vigil", server.viewerToken()).json().get("total").asLong() > 0);

            JsonNode summary = server.get("/api/v1/requests/summary", server.viewerToken()).json();
            assertEquals(2, summary.get("total").asLong(), "the overall summary leaves Vigil's own requests out");
            assertEquals(1, summary.get("server_errors").asLong());
            assertFalse(summary.get("own_traffic_included").asBoolean());
            assertFalse(summary.get("top_by_count").toString().contains("\"vigil\""), summary.toString());
            JsonNode endpoints = server.get("/api/v1/requests/endpoints?limit=1000", server.viewerToken()).json();
            assertEquals(1, endpoints.get("total_endpoints").asInt(), endpoints.toString());
            assertFalse(endpoints.get("endpoints").toString().contains("\"vigil\""), endpoints.toString());
            assertTrue(server.get("/api/v1/requests/endpoints?service=vigil", server.viewerToken()).json()
                               .get("total_endpoints").asInt() > 0, "asked for by name, Vigil's own are listed");
            JsonNode users = server.get("/api/v1/requests/users", server.viewerToken()).json();
            assertFalse(users.get("users").toString().contains("test-viewer"), "the callers of Vigil's own API are "
                    + "not users of the monitored services: " + users);
            assertFalse(users.get("own_traffic_included").asBoolean());
            assertTrue(server.get("/api/v1/requests/users?service=vigil", server.viewerToken()).json().get("users")
                               .toString().contains("test-viewer"), "asked for by name, they are listed");
            JsonNode slow = server.get("/api/v1/requests/slow?min_ms=0", server.viewerToken()).json();
            assertFalse(slow.get("requests").toString().contains("\"vigil\""), slow.toString());
            assertFalse(slow.get("own_traffic_included").asBoolean());

            server.writeConfig("requests", "own-traffic-flush-interval: 200ms\nown-traffic-in-overall: true\n");
            JsonNode included = TestServer.awaitValue(WAIT, "the summary to include Vigil's own requests", () -> {
                JsonNode all = server.get("/api/v1/requests/summary", server.viewerToken()).json();
                return all.get("total").asLong() > 2 ? all : null;
            });
            assertTrue(included.get("own_traffic_included").asBoolean());
            assertTrue(server.get("/api/v1/requests/endpoints?limit=1000", server.viewerToken()).json()
                               .get("endpoints").toString().contains("\"vigil\""));
        }
    }
}
