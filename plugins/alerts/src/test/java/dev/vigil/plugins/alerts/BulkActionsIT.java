package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code POST /api/v1/alerts/acknowledge} and {@code /resolve} with several ids: one answer per id. */
class BulkActionsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DISK = "test.disk_percent";
    private static final String CONFIG = """
            evaluation-interval: 1h
            rules:
            """ + Harness.diskRule("15m") + """
            channels:
              - name: journal
                type: log
                events: [fired, resolved, acknowledged]
            """;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void severalAlertsAreAcknowledgedThenResolvedEachThroughTheUsualPath(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            TestServer server = h.server;
            h.publish(DISK, Map.of("mount", "/a"), 97);
            h.publish(DISK, Map.of("mount", "/b"), 85);
            h.publish(DISK, Map.of("mount", "/c"), 90);
            h.evaluate();
            Map<String, Long> ids = new java.util.TreeMap<>();
            h.activeAlerts().forEach(a -> ids.put(a.at("/labels/mount").asText(), a.get("id").asLong()));
            long a = ids.get("/a");
            long b = ids.get("/b");
            long c = ids.get("/c");
            assertEquals(200, server.post("/api/v1/alerts/" + c + "/resolve", null, server.adminToken()).status());

            assertEquals(403, server.post("/api/v1/alerts/acknowledge", "{\"ids\": [" + a + "]}",
                                          server.viewerToken()).status());
            HttpResult acknowledged = server.post("/api/v1/alerts/acknowledge", "{\"ids\": [" + a + ", " + b + ", "
                    + c + ", 999999, " + a + "], \"comment\": \"on it\"}", server.adminToken());
            assertEquals(200, acknowledged.status(), acknowledged.body());
            assertEquals(List.of(a + "=acknowledged", b + "=acknowledged", c + "=already_resolved",
                                 "999999=not_found"), outcomes(acknowledged.json()),
                         "one answer per id, in the order asked, a repeated id answered once");
            assertEquals(Map.of("acknowledged", 2, "already_resolved", 1, "not_found", 1),
                         counts(acknowledged.json()));
            JsonNode first = acknowledged.json().at("/results/0/alert");
            assertEquals("test-admin", first.get("acknowledged_by").asText());
            assertEquals("active", first.get("status").asText());
            JsonNode history = h.alert(b).get("history");
            assertEquals("acknowledged", history.get(1).get("change").asText());
            assertEquals("on it", history.get(1).get("comment").asText());

            h.clock.advance(Duration.ofMinutes(1));
            HttpResult resolved = server.post("/api/v1/alerts/resolve", "{\"ids\": [" + a + ", " + b + ", " + c
                    + "], \"comment\": \"disks swapped\"}", server.adminToken());
            assertEquals(200, resolved.status(), resolved.body());
            assertEquals(List.of(a + "=resolved", b + "=resolved", c + "=already_resolved"),
                         outcomes(resolved.json()));
            assertEquals(Map.of("resolved", 2, "already_resolved", 1), counts(resolved.json()));
            assertEquals(0, h.activeAlerts().size());
            JsonNode resolvedA = h.alert(a).get("alert");
            assertEquals("test-admin", resolvedA.get("resolved_by").asText());
            assertEquals(h.clock.instant().toString(), resolvedA.get("resolved_at").asText());
            assertEquals("resolved by test-admin (last value 97): disks swapped", resolvedA.get("message").asText());

            // The same path as one resolution: events, notifications, the active count, and the cooldown.
            List<String> events = TestServer.awaitValue(WAIT, "the events", () -> {
                List<String> seen = new ArrayList<>();
                h.events().forEach(e -> seen.add(e.get("change").asText() + "/" + e.get("alert_id").asText()));
                return seen.size() >= 8 ? seen : null;
            });
            assertTrue(events.containsAll(List.of("ACKNOWLEDGED/" + a, "ACKNOWLEDGED/" + b, "RESOLVED/" + a,
                                                  "RESOLVED/" + b)), events.toString());
            TestServer.await(WAIT, "the resolutions delivered to the log channel", () -> {
                JsonNode delivered = server.get("/api/v1/alerts/deliveries?channel=journal&outcome=delivered",
                                                server.viewerToken()).json().get("deliveries");
                long resolutions = 0;
                for (JsonNode d : delivered) {
                    resolutions += d.get("change").asText().equals("resolved") ? 1 : 0;
                }
                return resolutions == 3;
            });
            JsonNode active = server.get("/api/v1/sigpub/latest?name=alerts.active", server.viewerToken()).json();
            active.get("signals").forEach(s -> assertEquals(0.0, s.get("value").asDouble(), s.toString()));
            h.step(DISK, Map.of("mount", "/a"), 97);
            assertEquals(0, h.activeAlerts().size(), "the bulk resolution started the cooldown");
        }
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, CONFIG)) {
            TestServer server = h.server;
            h.step(DISK, Map.of("mount", "/a"), 97);
            long id = h.activeAlerts().get(0).get("id").asLong();
            for (String route : List.of("acknowledge", "resolve")) {
                assertRefused(server, route, null, "the body must be a JSON object");
                assertRefused(server, route, "{}", "ids:");
                assertRefused(server, route, "{\"ids\": []}", "ids:");
                assertRefused(server, route, "{\"ids\": " + id + "}", "ids:");
                assertRefused(server, route, "{\"ids\": [" + id + ", \"7\"]}", "ids[1]:");
                assertRefused(server, route, "{\"ids\": [" + id + ", 0]}", "ids[1]:");
                assertRefused(server, route, "{\"ids\": [" + id + ", 1.5]}", "ids[1]:");
                assertRefused(server, route, "{\"ids\": [" + id + "], \"comment\": 5}", "comment:");
                assertRefused(server, route, "{\"ids\": [" + id + "], \"why\": 1}", "why:");
                String tooMany = LongStream.rangeClosed(1, 501).mapToObj(Long::toString)
                        .collect(Collectors.joining(",", "{\"ids\": [", "]}"));
                assertRefused(server, route, tooMany, "ids:");
            }
            JsonNode alert = h.alert(id);
            assertEquals("active", alert.at("/alert/status").asText());
            assertTrue(alert.at("/alert/acknowledged_by").isNull(), alert.toString());
            assertEquals(1, alert.get("history").size());
            // 500 distinct ids are allowed.
            String most = LongStream.rangeClosed(1, 500).mapToObj(Long::toString)
                    .collect(Collectors.joining(",", "{\"ids\": [", "]}"));
            HttpResult allowed = server.post("/api/v1/alerts/acknowledge", most, server.adminToken());
            assertEquals(200, allowed.status(), allowed.body());
            assertEquals(500, allowed.json().get("results").size());
        }
    }

    private static void assertRefused(TestServer server, String route, String body, String start) {
        HttpResult result = server.post("/api/v1/alerts/" + route, body, server.adminToken());
        assertEquals(400, result.status(), route + " " + body + ": " + result.body());
        assertTrue(result.errorMessage().startsWith(start), result.body());
    }

    private static List<String> outcomes(JsonNode answer) {
        List<String> outcomes = new ArrayList<>();
        answer.get("results").forEach(r -> outcomes.add(r.get("id").asLong() + "=" + r.get("outcome").asText()));
        return outcomes;
    }

    private static Map<String, Integer> counts(JsonNode answer) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        answer.get("counts").properties().forEach(e -> {
            if (e.getValue().asInt() > 0) {
                counts.put(e.getKey(), e.getValue().asInt());
            }
        });
        return counts;
    }
}
