package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code PATCH /rules/{name}}: a partial update of the rule in force, validated as a PUT is. */
class RulePatchIT {

    private static final String CPU = "/api/v1/alerts/rules/cpu-usage";

    @Test
    void aPatchChangesOnlyTheFieldsGivenAndMakesAFileRuleAnApiOverride() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\n")) {
            TestServer server = h.server;
            JsonNode before = server.get(CPU, server.viewerToken()).json();
            assertEquals("file", before.get("source").asText());

            HttpResult patched = patch(server, CPU, "{\"warning\": 70}", server.adminToken());
            assertEquals(200, patched.status(), patched.body());
            JsonNode rule = patched.json();
            assertEquals(70, rule.get("warning").asDouble());
            assertEquals(before.get("critical").asDouble(), rule.get("critical").asDouble(), "critical kept");
            assertEquals(before.get("signal").asText(), rule.get("signal").asText());
            assertEquals(before.get("labels"), rule.get("labels"));
            assertEquals(before.get("window").asText(), rule.get("window").asText());
            assertEquals("api", rule.get("source").asText());
            assertTrue(rule.get("overrides_file_rule").asBoolean());
            assertEquals("test-admin", rule.get("updated_by").asText());

            HttpResult disabled = patch(server, CPU, "{\"enabled\": false}", server.adminToken());
            assertEquals(200, disabled.status(), disabled.body());
            assertFalse(disabled.json().get("enabled").asBoolean());
            assertEquals(70, disabled.json().get("warning").asDouble(), "the earlier patch is kept");
            assertEquals(disabled.json(), server.get(CPU, server.viewerToken()).json(), "stored as answered");

            HttpResult noCritical = patch(server, CPU, "{\"critical\": null, \"enabled\": true}", server.adminToken());
            assertEquals(200, noCritical.status(), noCritical.body());
            assertTrue(noCritical.json().get("critical").isNull(), "null removes a threshold");

            HttpResult deleted = server.delete(CPU, server.adminToken());
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals(before.get("warning"), deleted.json().at("/now_in_force/warning"), "the file rule is back");
        }
    }

    @Test
    void refusedPatchesNameTheFieldAndChangeNothing() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\n")) {
            TestServer server = h.server;
            JsonNode before = server.get(CPU, server.viewerToken()).json();
            assertRefused(server, "{\"warning\": 99}", "warning:"); // above the file rule's critical 95
            assertRefused(server, "{\"threshold\": 10}", "threshold:");
            assertRefused(server, "{\"warning\": \"high\"}", "warning:");
            assertRefused(server, "{\"window\": \"soon\"}", "window:");
            assertRefused(server, "{\"warning\": null, \"critical\": null}", "warning:");
            assertRefused(server, "{\"name\": \"other\"}", "name:");
            HttpResult empty = patch(server, CPU, "{}", server.adminToken());
            assertEquals(400, empty.status(), empty.body());
            assertTrue(empty.errorMessage().contains("fields to change"), empty.body());
            assertEquals(before, server.get(CPU, server.viewerToken()).json(), "nothing was stored");

            HttpResult unknown = patch(server, "/api/v1/alerts/rules/no-such-rule", "{\"warning\": 1}",
                                       server.adminToken());
            assertEquals(404, unknown.status(), unknown.body());
            assertTrue(unknown.errorMessage().contains("no-such-rule"), unknown.body());
            assertEquals(403, patch(server, CPU, "{\"warning\": 1}", server.viewerToken()).status());
        }
    }

    private static void assertRefused(TestServer server, String body, String field) {
        HttpResult result = patch(server, CPU, body, server.adminToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().startsWith(field), field + " expected in " + result.body());
    }

    private static HttpResult patch(TestServer server, String path, String body, String token) {
        return server.send("PATCH", path, body, token);
    }
}
