package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil's own traffic recorded by route template, request events and minute figures on the bus for other plugins,
 * the RequestHistory service, and a stop/start of the plugin over the same data.
 */
class OwnTrafficIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Every request of Vigil's is slow at 1 µs, so each is also kept raw. */
    private static final String FAST_FLUSH = "own-traffic-flush-interval: 200ms\nslow-request-ms: 0.001\n";

    @TempDir
    static Path jars;
    static Path probe;

    /** A plugin that counts the request events it hears and answers what RequestHistory gives it. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = PluginJarBuilder.plugin("reqprobe", "1.0.0").source("test.reqprobe.RequestProbe", """
                package test.reqprobe;

                import java.time.Instant;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.events.RequestEvent;
                import dev.vigil.api.events.RequestMinute;
                import dev.vigil.api.services.RequestHistory;
                import org.pf4j.Extension;

                @Extension
                public class RequestProbe implements VigilPlugin {
                    private PluginContext context;
                    private final Map<String, Long> seen = new ConcurrentHashMap<>();
                    private final Map<String, Long> counted = new ConcurrentHashMap<>();

                    public void start(PluginContext context) {
                        this.context = context;
                    }

                    public List<Subscription<?>> subscriptions() {
                        return List.of(Subscription.to(RequestEvent.class, e -> seen.merge(
                                               e.service() + " " + e.method() + " " + e.endpoint(), 1L, Long::sum)),
                                       Subscription.to(RequestMinute.class, m -> counted.merge(
                                               m.service() + " " + m.method() + " " + m.endpoint(), m.count(),
                                               Long::sum)));
                    }

                    public void routes(PluginRoutes routes) {
                        routes.get("/seen", Role.VIEWER, (req, res) -> context.json().send(res, Map.of("seen", seen,
                                                                                                     "counted", counted)))
                              .get("/history", Role.VIEWER, (req, res) -> {
                                  RequestHistory history = context.services().find(RequestHistory.class).orElse(null);
                                  if (history == null) {
                                      context.json().send(res, Map.of("available", false));
                                      return;
                                  }
                                  int limit = Integer.parseInt(req.query().first("limit").asOptional().orElse("1000"));
                                  Instant to = Instant.now().plusSeconds(120);
                                  Instant from = to.minusSeconds(3600);
                                  List<RequestEvent> requests = history.requests(from, to, limit);
                                  context.json().send(res, Map.of(
                                          "available", true,
                                          "requests", requests.size(),
                                          "shop_requests", requests.stream().filter(r -> r.service().equals("shop")).count(),
                                          "minutes", history.endpointMinutes(from, to)));
                              });
                    }
                }
                """).build(jars.resolve("reqprobe.jar"));
    }

    private static JsonNode endpoint(TestServer server, String service, String method, String endpoint) {
        JsonNode list = server.get("/api/v1/requests/endpoints?service=" + service, server.viewerToken()).json();
        for (JsonNode item : list.get("endpoints")) {
            if (item.get("method").asText().equals(method) && item.get("endpoint").asText().equals(endpoint)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void recordsVigilsOwnRequestsByRouteTemplateAndFoldsUnmatchedOnesIntoOne() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", FAST_FLUSH).start()) {
            assertEquals(200, server.get("/api/v1/admin/plugins/requests", server.viewerToken()).status());
            assertEquals(200, server.get("/api/v1/admin/plugins/requests", server.viewerToken()).status());
            for (String path : new String[] {"/api/v1/nothing/1", "/api/v1/nothing/2", "/wp-admin/login.php"}) {
                assertEquals(404, server.get(path, server.viewerToken()).status());
            }
            JsonNode admin = TestServer.awaitValue(WAIT, "the admin requests to be recorded", () -> {
                JsonNode item = endpoint(server, "vigil", "GET", "/api/v1/admin/plugins/{id}");
                return item != null && item.get("count").asLong() == 2 ? item : null;
            });
            assertEquals(0, admin.get("server_errors").asLong());
            JsonNode unmatched = TestServer.awaitValue(WAIT, "the unmatched requests", () -> {
                JsonNode item = endpoint(server, "vigil", "GET", TrafficRecorder.UNMATCHED);
                return item != null && item.get("count").asLong() == 3 ? item : null;
            });
            assertEquals(3, unmatched.get("client_errors").asLong());
            String endpoints = server.get("/api/v1/requests/endpoints?service=vigil&limit=1000", server.viewerToken())
                    .body();
            assertFalse(endpoints.contains("nothing") || endpoints.contains("wp-admin"), endpoints);

            JsonNode users = server.get("/api/v1/requests/users?service=vigil", server.viewerToken()).json();
            assertTrue(users.toString().contains("\"user\":\"test-viewer\""), users.toString());
            JsonNode slowest = server.get("/api/v1/requests/slow?service=vigil&min_ms=0&limit=100",
                                          server.viewerToken()).json();
            assertTrue(slowest.toString().contains("\"path\":\"/wp-admin/login.php\""),
                       "slow requests are kept raw, with their path");
        }
    }

    @Test
    void publishesRequestEventsAndServesRequestHistoryToOtherPlugins() throws Exception {
        // No own request is a sampled event here: Vigil's own traffic reaches the probe as minute figures only.
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe)
                .config("requests", "own-traffic-flush-interval: 200ms\nown-traffic-event-sample: 1000000\n")
                .start()) {
            Instant now = Instant.now();
            Batch batch = Batch.of().add(now, "/a", 200, 5).add(now, "/a", 500, 7).add(now, "/b", 200, 9);
            assertEquals(200, server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken()).status());

            TestServer.await(WAIT, "the probe to hear the ingested records and Vigil's own requests", () -> {
                JsonNode probed = server.get("/api/v1/reqprobe/seen", server.viewerToken()).json();
                JsonNode seen = probed.get("seen");
                return seen.path("shop GET /a").asLong() == 2 && seen.path("shop GET /b").asLong() == 1
                        && probed.at("/counted/shop GET ~1a").asLong() == 2
                        && probed.at("/counted/shop GET ~1b").asLong() == 1
                        && probed.at("/counted/vigil POST ~1api~1v1~1requests~1ingest").asLong() == 1;
            });
            assertFalse(server.get("/api/v1/reqprobe/seen", server.viewerToken()).json().get("seen")
                                .has("vigil POST /api/v1/requests/ingest"), "not sampled: counted, not published");

            JsonNode all = server.get("/api/v1/reqprobe/history?limit=1000", server.viewerToken()).json();
            assertTrue(all.get("available").asBoolean());
            assertEquals(3, all.get("shop_requests").asLong(), all.toString());
            boolean sawMinute = false;
            for (JsonNode minute : all.get("minutes")) {
                if (minute.get("service").asText().equals("shop") && minute.get("endpoint").asText().equals("/a")) {
                    assertEquals(2, minute.get("count").asLong());
                    assertEquals(1, minute.get("server_errors").asLong());
                    assertEquals(7.0, minute.get("max_ms").asDouble());
                    sawMinute = true;
                }
            }
            assertTrue(sawMinute, all.toString());
            JsonNode sampled = server.get("/api/v1/reqprobe/history?limit=2", server.viewerToken()).json();
            assertTrue(sampled.get("requests").asInt() <= 2 && sampled.get("requests").asInt() >= 1,
                       sampled.toString());
        }
    }

    @Test
    void everyOwnRequestIsCountedInMinuteFiguresAndOnlyTheSampleIsPublishedOneByOne() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe)
                .config("requests", "own-traffic-flush-interval: 200ms\nown-traffic-event-sample: 10\n").start()) {
            for (int i = 0; i < 50; i++) {
                assertEquals(200, server.get("/health", null).status());
            }
            JsonNode probed = TestServer.awaitValue(WAIT, "the 50 requests counted", () -> {
                JsonNode seen = server.get("/api/v1/reqprobe/seen", server.viewerToken()).json();
                return seen.at("/counted/vigil GET ~1health").asLong() == 50 ? seen : null;
            });
            long published = probed.at("/seen/vigil GET ~1health").asLong();
            assertTrue(published >= 1 && published <= 10, "about one in ten is published as an event: " + published);
            JsonNode status = server.get("/api/v1/requests/status", server.viewerToken()).json();
            assertTrue(status.at("/own_traffic/published_as_events").asLong() >= published, status.toString());
        }
    }

    @Test
    void aStoppedPluginAnswers503AndFindsItsDataAgainWhenStarted() throws Exception {
        // A flush interval longer than the test: Vigil's own figures reach storage only through the stop.
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("requests", "own-traffic-flush-interval: 1m\n").start()) {
            Batch batch = Batch.of().add(Instant.now(), "/a", 200, 5).add(Instant.now(), "/a", 200, 6);
            assertEquals(200, server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken()).status());
            assertEquals(200, server.post("/api/v1/admin/plugins/requests/stop", null, server.adminToken()).status());
            HttpResult stopped = server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken());
            assertEquals(503, stopped.status(), stopped.body());
            assertEquals(200, server.post("/api/v1/admin/plugins/requests/start", null, server.adminToken()).status());
            assertEquals(2, server.get("/api/v1/requests/summary?service=shop", server.viewerToken()).json()
                    .get("total").asLong());
            JsonNode ingest = endpoint(server, "vigil", "POST", "/api/v1/requests/ingest");
            assertEquals(1, ingest == null ? 0 : ingest.get("count").asLong(),
                         "the figures of Vigil's own requests are flushed when the plugin stops");
        }
    }
}
