package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rules evaluated against signals a plugin publishes, through fire, escalation, resolution, cooldown and admins. */
class AlertLifecycleIT {

    private static final String LATENCY = "test.latency_ms";
    private static final Map<String, String> NO_LABELS = Map.of();
    private static final String CONFIG = """
            evaluation-interval: 1h
            rules:
              - name: latency
                signal: test.latency_ms
                warning: 2000
                critical: 5000
                consecutive: 3
                cooldown: 10m
                description: test latency
            """ + Harness.DISK_RULE;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void firesEscalatesResolvesAndCoolsDown(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            h.step(LATENCY, NO_LABELS, 100);
            h.step(LATENCY, NO_LABELS, 2500);
            h.step(LATENCY, NO_LABELS, 2500);
            assertEquals(0, h.activeAlerts().size(), "two violations of three: no alert yet");

            JsonNode evaluation = h.step(LATENCY, NO_LABELS, 2500);
            assertEquals(1, evaluation.get("fired").asInt(), evaluation.toString());
            JsonNode active = h.activeAlerts();
            assertEquals(1, active.size());
            long id = active.get(0).get("id").asLong();
            assertEquals("warning", active.get(0).get("severity").asText());
            assertEquals("latency", active.get(0).get("rule").asText());
            assertTrue(active.get(0).get("message").asText().contains("above the warning threshold 2000"),
                       active.get(0).toString());

            h.step(LATENCY, NO_LABELS, 6000);
            h.step(LATENCY, NO_LABELS, 6000);
            assertEquals("warning", h.alert(id).at("/alert/severity").asText());
            h.step(LATENCY, NO_LABELS, 6000);
            JsonNode escalated = h.alert(id);
            assertEquals("critical", escalated.at("/alert/severity").asText(), "escalated in place, same id");
            assertEquals(1, h.activeAlerts().size());
            assertTrue(escalated.at("/alert/escalated_at").isTextual());

            h.step(LATENCY, NO_LABELS, 100);
            h.step(LATENCY, NO_LABELS, 100);
            assertEquals("active", h.alert(id).at("/alert/status").asText());
            h.step(LATENCY, NO_LABELS, 100);
            JsonNode resolved = h.alert(id);
            assertEquals("resolved", resolved.at("/alert/status").asText());
            assertEquals("system", resolved.at("/alert/resolved_by").asText());
            assertEquals(List.of("fired", "escalated", "resolved"), changes(resolved.get("history")));

            for (int i = 0; i < 5; i++) {
                h.step(LATENCY, NO_LABELS, 2500);
            }
            assertEquals(0, h.activeAlerts().size(), "within the 10m cooldown the rule does not fire again");
            h.clock.advance(Duration.ofMinutes(10));
            h.step(LATENCY, NO_LABELS, 2500);
            JsonNode again = h.activeAlerts();
            assertEquals(1, again.size(), "the violation held through the cooldown: it fires once it ends");
            assertNotEquals(id, again.get(0).get("id").asLong());

            List<String> events = new ArrayList<>();
            TestServer.await(Duration.ofSeconds(5), "the alert events", () -> {
                events.clear();
                h.events().forEach(e -> events.add(e.get("change").asText() + "/" + e.get("severity").asText()));
                return events.size() >= 4;
            });
            assertEquals(List.of("FIRED/warning", "ESCALATED/critical", "RESOLVED/critical", "FIRED/warning"), events);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void adminsAcknowledgeAndResolveWithWhoAndWhenRecorded(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            long id = h.activeAlerts().get(0).get("id").asLong();
            TestServer server = h.server;

            HttpResult forbidden = server.post("/api/v1/alerts/" + id + "/acknowledge", null, server.viewerToken());
            assertEquals(403, forbidden.status());
            HttpResult acknowledged = server.post("/api/v1/alerts/" + id + "/acknowledge",
                                                  "{\"comment\": \"looking at it\"}", server.adminToken());
            assertEquals(200, acknowledged.status(), acknowledged.body());
            assertEquals("test-admin", acknowledged.json().at("/alert/acknowledged_by").asText());
            assertEquals(h.clock.instant().toString(), acknowledged.json().at("/alert/acknowledged_at").asText());
            assertEquals("active", acknowledged.json().at("/alert/status").asText(), "acknowledged is still active");

            h.clock.advance(Duration.ofMinutes(2));
            HttpResult resolved = server.post("/api/v1/alerts/" + id + "/resolve", "{\"comment\": \"freed space\"}",
                                              server.adminToken());
            assertEquals(200, resolved.status(), resolved.body());
            assertEquals("test-admin", resolved.json().at("/alert/resolved_by").asText());
            assertEquals(h.clock.instant().toString(), resolved.json().at("/alert/resolved_at").asText());

            JsonNode history = h.alert(id).get("history");
            assertEquals(List.of("fired", "acknowledged", "resolved"), changes(history));
            assertEquals("system", history.get(0).get("actor").asText());
            assertEquals("test-admin", history.get(1).get("actor").asText());
            assertEquals("looking at it", history.get(1).get("comment").asText());
            assertEquals("freed space", history.get(2).get("comment").asText());

            assertEquals(409, server.post("/api/v1/alerts/" + id + "/resolve", null, server.adminToken()).status());
            assertEquals(409, server.post("/api/v1/alerts/" + id + "/acknowledge", null, server.adminToken())
                    .status());
            assertEquals(404, server.post("/api/v1/alerts/999999/resolve", null, server.adminToken()).status());
            HttpResult badId = server.post("/api/v1/alerts/abc/resolve", null, server.adminToken());
            assertEquals(400, badId.status());
            assertTrue(badId.errorMessage().startsWith("id:"), badId.body());

            // The manual resolution started the default 15m cooldown.
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            assertEquals(0, h.activeAlerts().size());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void oneAlertPerLabelSetAndTheActiveCountIsPublished(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            h.publish("test.disk_percent", Map.of("mount", "/"), 97);
            h.publish("test.disk_percent", Map.of("mount", "/data"), 85);
            h.publish("test.disk_percent", Map.of("mount", "/boot"), 10);
            h.publish("test.disk_percent", Map.of(), 99); // no mount label: not matched by {mount: "*"}
            h.evaluate();
            h.evaluate();
            JsonNode active = h.activeAlerts();
            assertEquals(2, active.size(), active.toString());
            Map<String, String> severityByMount = new java.util.TreeMap<>();
            active.forEach(a -> severityByMount.put(a.at("/labels/mount").asText(), a.get("severity").asText()));
            assertEquals(Map.of("/", "critical", "/data", "warning"), severityByMount);

            JsonNode signals = h.server.get("/api/v1/sigpub/latest?name=alerts.active", h.server.viewerToken()).json()
                    .get("signals");
            Map<String, Double> counts = new java.util.TreeMap<>();
            signals.forEach(s -> counts.put(s.get("labels").path("severity").asText("total"),
                                            s.get("value").asDouble()));
            assertEquals(Map.of("total", 2.0, "critical", 1.0, "warning", 1.0), counts);

            JsonNode status = h.server.get("/api/v1/alerts/status", h.server.viewerToken()).json();
            assertEquals(2, status.at("/last_evaluation/active").asInt(), status.toString());
            assertEquals(2, status.at("/rules/enabled").asInt());
            assertEquals(2, status.at("/trackers/active").asInt());

            HttpResult critical = h.server.get("/api/v1/alerts?severity=critical", h.server.viewerToken());
            assertEquals(1, critical.json().get("count").asInt());
            HttpResult badSeverity = h.server.get("/api/v1/alerts?severity=bad", h.server.viewerToken());
            assertEquals(400, badSeverity.status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anActiveAlertSurvivesARestartAndResolvesWithoutADuplicate(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            long id = h.activeAlerts().get(0).get("id").asLong();
            h.server.restart();
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            JsonNode active = h.activeAlerts();
            assertEquals(1, active.size());
            assertEquals(id, active.get(0).get("id").asLong(), "the stored alert is taken up again");
            h.step("test.disk_percent", Map.of("mount", "/"), 50);
            assertEquals("resolved", h.alert(id).at("/alert/status").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void reportsSummariseAndDetailTheWindowAsJsonAndCsv(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, CONFIG)) {
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            h.step("test.disk_percent", Map.of("mount", "/"), 10);
            h.step("test.disk_percent", Map.of("mount", "/data, \"big\""), 85);
            TestServer server = h.server;

            JsonNode summary = server.get("/api/v1/alerts/reports?type=summary&hours=1", server.viewerToken()).json();
            assertEquals(2, summary.at("/totals/fired").asInt(), summary.toString());
            assertEquals(1, summary.at("/totals/resolved").asInt());
            assertEquals(1, summary.at("/totals/active_now").asInt());
            assertEquals("disk", summary.at("/by_rule/0/rule").asText());
            assertEquals(2, summary.at("/by_rule/0/alerts").asInt());

            JsonNode detailed = server.get("/api/v1/alerts/reports?type=detailed", server.viewerToken()).json();
            assertEquals(2, detailed.get("alerts").size());
            assertEquals("fired", detailed.at("/alerts/0/history/0/change").asText());

            HttpResult csv = server.get("/api/v1/alerts/reports?type=detailed&format=csv", server.viewerToken());
            assertEquals(200, csv.status());
            assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv.header("Content-Type"));
            String[] lines = csv.body().split("\n");
            assertTrue(lines[0].startsWith("id,rule,signal,labels,severity,status"), lines[0]);
            assertEquals(3, lines.length, csv.body());
            assertTrue(csv.body().contains("\"{mount=/data, \"\"big\"\"}\""), csv.body());

            HttpResult summaryCsv = server.get("/api/v1/alerts/reports?format=csv", server.viewerToken());
            assertTrue(summaryCsv.body().startsWith("rule,alerts,fired"), summaryCsv.body());
            assertEquals(400, server.get("/api/v1/alerts/reports?type=weekly", server.viewerToken()).status());
            assertEquals(400, server.get("/api/v1/alerts/reports?format=xml", server.viewerToken()).status());
        }
    }

    private static List<String> changes(JsonNode history) {
        List<String> changes = new ArrayList<>();
        history.forEach(entry -> changes.add(entry.get("change").asText()));
        return changes;
    }
}
