package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Rules from the file and from the API, how they combine, and how invalid ones are refused. */
class RulesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void apiRulesAddToAndOverrideFileRules(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, "evaluation-interval: 1h\n")) {
            TestServer server = h.server;
            JsonNode defaults = server.get("/api/v1/alerts/rules", server.viewerToken()).json();
            int shipped = AlertsConfig.DEFAULTS.rules().size();
            assertEquals(shipped, defaults.get("count").asInt(), "a file without rules keeps the shipped defaults");
            defaults.get("rules").forEach(rule -> assertEquals("file", rule.get("source").asText()));

            HttpResult created = server.put("/api/v1/alerts/rules/slow-checkout", """
                    {"signal": "test.checkout_ms", "labels": {"endpoint": "/checkout"}, "warning": 800,
                     "aggregation": "avg", "window": "2m", "consecutive": 2}
                    """, server.adminToken());
            assertEquals(201, created.status(), created.body());
            assertEquals("api", created.json().get("source").asText());
            assertEquals("test-admin", created.json().get("updated_by").asText());
            assertEquals("2m", created.json().get("window").asText());
            assertEquals("15m", created.json().get("cooldown").asText(), "defaults filled in");
            HttpResult replaced = server.put("/api/v1/alerts/rules/slow-checkout", """
                    {"signal": "test.checkout_ms", "labels": {"endpoint": "/checkout"}, "warning": 900,
                     "consecutive": 2}
                    """, server.adminToken());
            assertEquals(200, replaced.status(), replaced.body());
            assertEquals(900, replaced.json().get("warning").asDouble());

            HttpResult override = server.put("/api/v1/alerts/rules/cpu-usage",
                                             "{\"signal\": \"system.cpu_percent\", \"warning\": 70, \"critical\": 90}",
                                             server.adminToken());
            assertEquals(201, override.status(), override.body());
            assertTrue(override.json().get("overrides_file_rule").asBoolean());
            JsonNode cpu = server.get("/api/v1/alerts/rules/cpu-usage", server.viewerToken()).json();
            assertEquals(70, cpu.get("warning").asDouble());
            assertEquals(shipped + 1, ruleCount(server));

            HttpResult deleted = server.delete("/api/v1/alerts/rules/cpu-usage", server.adminToken());
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals("file", deleted.json().at("/now_in_force/source").asText(), "the file rule is back");
            assertEquals(80, deleted.json().at("/now_in_force/warning").asDouble());
            HttpResult fileOnly = server.delete("/api/v1/alerts/rules/memory-usage", server.adminToken());
            assertEquals(409, fileOnly.status());
            assertTrue(fileOnly.errorMessage().contains("config/plugins/alerts.yaml"), fileOnly.body());
            assertEquals(404, server.delete("/api/v1/alerts/rules/nope", server.adminToken()).status());
            assertEquals(403, server.put("/api/v1/alerts/rules/x", "{\"signal\": \"a.b\", \"warning\": 1}",
                                         server.viewerToken()).status());

            // The API rule works like any other, per label set.
            for (int i = 0; i < 2; i++) {
                h.publish("test.checkout_ms", Map.of("endpoint", "/checkout"), 1200);
                h.publish("test.checkout_ms", Map.of("endpoint", "/home"), 1200);
                h.evaluate();
                h.clock.advance(Harness.STEP);
            }
            JsonNode active = h.activeAlerts();
            assertEquals(1, active.size(), active.toString());
            assertEquals("slow-checkout", active.get(0).get("rule").asText());
            assertEquals("/checkout", active.at("/0/labels/endpoint").asText());

            server.restart();
            assertEquals(shipped + 1, ruleCount(server), "API rules are stored");
        }
    }

    @Test
    void invalidApiRulesAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\nrules: []\n")) {
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": 10, \"critical\": 5}", "warning");
            assertRefused(h.server, "r", "{\"warning\": 10}", "signal");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\"}", "warning");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"threshold\": 10}", "threshold");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": \"10\"}", "warning");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": 1, \"aggregation\": \"median\"}",
                          "aggregation");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": 1, \"window\": \"soon\"}", "window");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": 1, \"consecutive\": 1000}",
                          "consecutive");
            assertRefused(h.server, "r", "{\"signal\": \"a.b\", \"warning\": 1, \"labels\": {\"x\": 5}}", "labels.x");
            assertRefused(h.server, "r", "{\"name\": \"other\", \"signal\": \"a.b\", \"warning\": 1}", "name");
            assertRefused(h.server, "UPPER", "{\"signal\": \"a.b\", \"warning\": 1}", "name");
            HttpResult notJson = h.server.put("/api/v1/alerts/rules/r", "{\"signal\": ", h.server.adminToken());
            assertEquals(400, notJson.status());
            assertEquals(0, h.server.get("/api/v1/alerts/rules", h.server.viewerToken()).json().get("count").asInt());
        }
    }

    @Test
    void refusalsNameTheFieldAndTheRuleNotTheParser() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\nrules: []\n")) {
            HttpResult overflow = h.server.put("/api/v1/alerts/rules/r",
                                               "{\"signal\": \"a.b\", \"warning\": 1, \"consecutive\": 1234567890123}",
                                               h.server.adminToken());
            assertEquals(400, overflow.status(), overflow.body());
            assertEquals("consecutive: must be a whole number between -2147483648 and 2147483647",
                         overflow.errorMessage());
            HttpResult nan = h.server.put("/api/v1/alerts/rules/r", "{\"signal\": \"a.b\", \"warning\": NaN}",
                                          h.server.adminToken());
            assertEquals(400, nan.status(), nan.body());
            assertEquals("warning: is not a number: NaN/Infinity are not accepted", nan.errorMessage());
            assertEquals(0, h.server.get("/api/v1/alerts/rules", h.server.viewerToken()).json().get("count").asInt());

            h.server.writeConfig("alerts", """
                    evaluation-interval: 1h
                    rules:
                      - name: flood
                        signal: a.b
                        warning: 1
                        consecutive: 1234567890123
                    """);
            String error = TestServer.awaitValue(WAIT, "the refused file", () -> {
                String text = h.server.get("/api/v1/admin/plugins/alerts", h.server.viewerToken()).json()
                        .at("/config/error").asText("");
                return text.isEmpty() ? null : text;
            });
            assertTrue(error.contains("rules[0].consecutive': must be a whole number between"), error);
            assertFalse(error.contains("line -1") || error.contains("Numeric value"), error);
        }
    }

    private static void assertRefused(TestServer server, String name, String body, String field) {
        HttpResult result = server.put("/api/v1/alerts/rules/" + name, body, server.adminToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().startsWith(field + ":"), field + " expected in " + result.body());
    }

    @Test
    void aLiveEditOfTheFileAppliesAndAnInvalidEditKeepsThePreviousRules() throws Exception {
        String first = """
                evaluation-interval: 1h
                rules:
                  - name: queue-depth
                    signal: test.queue_depth
                    warning: 10
                    consecutive: 1
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, first)) {
            TestServer server = h.server;
            h.step("test.queue_depth", Map.of(), 50);
            JsonNode active = h.activeAlerts();
            assertEquals("queue-depth", active.get(0).get("rule").asText());
            long id = active.get(0).get("id").asLong();

            server.writeConfig("alerts", """
                    evaluation-interval: 1h
                    rules:
                      - name: queue-depth-high
                        signal: test.queue_depth
                        warning: 100
                        consecutive: 1
                    """);
            TestServer.await(WAIT, "the edited rules", () -> ruleNames(server).equals(Set.of("queue-depth-high")));
            h.step("test.queue_depth", Map.of(), 50);
            assertEquals(0, h.activeAlerts().size(), "50 is below the new threshold");
            JsonNode gone = h.alert(id);
            assertEquals("resolved", gone.at("/alert/status").asText(), "the removed rule's alert resolves");
            assertTrue(gone.at("/history/1/comment").asText().contains("removed"), gone.toString());

            server.writeConfig("alerts", """
                    evaluation-interval: 1h
                    rules:
                      - name: broken
                        signal: test.queue_depth
                        warning: 100
                        critical: 50
                    """);
            JsonNode config = TestServer.awaitValue(WAIT, "the refused edit", () -> {
                JsonNode view = server.get("/api/v1/admin/plugins/alerts", server.viewerToken()).json().get("config");
                return view.path("error").asText("").contains("warning") ? view : null;
            });
            assertTrue(config.get("error").asText().contains("rules[0]"), config.toString());
            assertEquals(Set.of("queue-depth-high"), ruleNames(server), "the previous rules stay in force");
            assertFalse(h.evaluate().get("errors").size() > 0);
        }
    }

    private static Set<String> ruleNames(TestServer server) {
        Set<String> names = new TreeSet<>();
        server.get("/api/v1/alerts/rules", server.viewerToken()).json().get("rules")
                .forEach(rule -> names.add(rule.get("name").asText()));
        return names;
    }

    private static int ruleCount(TestServer server) {
        return server.get("/api/v1/alerts/rules", server.viewerToken()).json().get("count").asInt();
    }
}
