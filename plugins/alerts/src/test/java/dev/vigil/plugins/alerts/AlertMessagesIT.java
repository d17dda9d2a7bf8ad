package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What an alert says as it lives: the latest value in its message while it fires, and at resolution a message
 * that says so with the value it resolved at, in the API and in what the channels receive.
 */
class AlertMessagesIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATENCY = "test.latency_ms";
    private static final Map<String, String> NO_LABELS = Map.of();

    private HttpServer receiver;
    private final List<JsonNode> hook = new CopyOnWriteArrayList<>();
    private final List<JsonNode> slack = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            hook.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/slack", exchange -> {
            slack.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String config() {
        int port = receiver.getAddress().getPort();
        return """
                evaluation-interval: 1h
                no-data-resolve-after: 1m
                rules:
                  - name: latency
                    signal: test.latency_ms
                    warning: 2000
                    critical: 5000
                    consecutive: 1
                    cooldown: 0s
                    description: test latency
                channels:
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:%d/hook
                  - name: chat
                    type: slack
                    url: http://127.0.0.1:%d/slack
                """.formatted(port, port);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theMessageFollowsTheValueAndTheResolutionSaysItResolved(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, config())) {
            h.step(LATENCY, NO_LABELS, 2500);
            long id = h.activeAlerts().get(0).get("id").asLong();
            assertEquals("test.latency_ms is 2500, above the warning threshold 2000 (test latency)",
                         h.alert(id).at("/alert/message").asText());

            h.step(LATENCY, NO_LABELS, 3100);
            JsonNode risen = h.alert(id).get("alert");
            assertEquals(3100.0, risen.get("value").asDouble());
            assertEquals("test.latency_ms is 3100, above the warning threshold 2000 (test latency)",
                         risen.get("message").asText(), "the message shows the latest value, as the value does");

            h.step(LATENCY, NO_LABELS, 7000);
            assertEquals("test.latency_ms is 7000, above the critical threshold 5000 (test latency)",
                         h.alert(id).at("/alert/message").asText());
            // Alerts do not de-escalate, but the message must not claim a threshold the value no longer crosses.
            h.step(LATENCY, NO_LABELS, 3000);
            JsonNode eased = h.alert(id).get("alert");
            assertEquals("critical", eased.get("severity").asText());
            assertEquals("test.latency_ms is 3000, above the warning threshold 2000 (test latency)",
                         eased.get("message").asText());

            h.step(LATENCY, NO_LABELS, 120);
            JsonNode resolved = h.alert(id);
            String resolution = "test.latency_ms is 120, back below the warning threshold 2000 (test latency)";
            assertEquals("resolved", resolved.at("/alert/status").asText());
            assertEquals(120.0, resolved.at("/alert/value").asDouble());
            assertEquals(resolution, resolved.at("/alert/message").asText());
            JsonNode history = resolved.get("history");
            assertEquals("fired", history.get(0).get("change").asText());
            assertEquals("test.latency_ms is 2500, above the warning threshold 2000 (test latency)",
                         history.get(0).get("comment").asText(), "the history keeps the firing message");
            JsonNode last = history.get(history.size() - 1);
            assertEquals("resolved", last.get("change").asText());
            assertEquals(120.0, last.get("value").asDouble());

            JsonNode hookResolved = TestServer.awaitValue(WAIT, "the resolved webhook", () -> hook.stream()
                    .filter(b -> b.get("event").asText().equals("resolved")).findFirst().orElse(null));
            assertEquals("[CRITICAL] resolved: latency", hookResolved.get("summary").asText());
            assertEquals(120.0, hookResolved.at("/alert/value").asDouble());
            assertEquals(resolution, hookResolved.at("/alert/message").asText());
            assertFalse(hookResolved.toString().contains("above the"), hookResolved.toString());

            JsonNode slackResolved = TestServer.awaitValue(WAIT, "the resolved Slack message", () -> slack.stream()
                    .filter(b -> b.get("text").asText().contains("resolved")).findFirst().orElse(null));
            assertEquals("[CRITICAL] resolved: latency: " + resolution, slackResolved.get("text").asText());
            assertEquals("120", slackResolved.at("/attachments/0/fields/1/value").asText());
            assertFalse(slackResolved.toString().contains("above the"), slackResolved.toString());
        }
    }

    @Test
    void aResolutionForLackOfDataOrByHandSaysSoAndKeepsTheLastValue() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, config())) {
            h.step(LATENCY, NO_LABELS, 2500);
            long quiet = h.activeAlerts().get(0).get("id").asLong();
            h.clock.advance(Duration.ofMinutes(6)); // past the rule's 5m window and no-data-resolve-after
            h.evaluate();
            JsonNode noData = h.alert(quiet).get("alert");
            assertEquals("resolved", noData.get("status").asText());
            assertEquals(2500.0, noData.get("value").asDouble(), "no new value: the last one stays");
            assertEquals("no data for 1m (last value 2500)", noData.get("message").asText());

            h.step(LATENCY, NO_LABELS, 6000);
            long byHand = h.activeAlerts().get(0).get("id").asLong();
            HttpResult resolved = h.server.post("/api/v1/alerts/" + byHand + "/resolve",
                                                "{\"comment\": \"restarted the pool\"}", h.server.adminToken());
            assertEquals(200, resolved.status(), resolved.body());
            assertEquals("resolved by test-admin (last value 6000): restarted the pool",
                         resolved.json().at("/alert/message").asText());
            JsonNode history = h.alert(byHand).get("history");
            assertEquals("restarted the pool", history.get(history.size() - 1).get("comment").asText());
            JsonNode hookResolved = TestServer.awaitValue(WAIT, "the resolved webhook", () -> hook.stream()
                    .filter(b -> b.get("event").asText().equals("resolved") && b.at("/alert/id").asLong() == byHand)
                    .findFirst().orElse(null));
            assertEquals("resolved by test-admin (last value 6000): restarted the pool",
                         hookResolved.at("/alert/message").asText());
        }
    }

    @Test
    void anEqualRuleFiresOnExactlyItsThreshold() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, "evaluation-interval: 1h\nrules: []\n")) {
            TestServer server = h.server;
            HttpResult put = server.put("/api/v1/alerts/rules/pool-empty", """
                    {"signal": "test.pool_connections", "comparison": "equal", "critical": 0, "consecutive": 1}
                    """, server.adminToken());
            assertEquals(201, put.status(), put.body());
            assertEquals("equal", put.json().get("comparison").asText());
            HttpResult same = server.put("/api/v1/alerts/rules/pool-empty", """
                    {"signal": "test.pool_connections", "comparison": "equal", "warning": 0, "critical": 0}
                    """, server.adminToken());
            assertEquals(400, same.status(), same.body());
            assertTrue(same.errorMessage().startsWith("warning: must differ from critical"), same.body());

            h.step("test.pool_connections", NO_LABELS, 3);
            assertEquals(0, h.activeAlerts().size());
            h.step("test.pool_connections", NO_LABELS, 0);
            JsonNode active = h.activeAlerts();
            assertEquals(1, active.size(), active.toString());
            assertEquals("critical", active.get(0).get("severity").asText());
            assertEquals("test.pool_connections is 0, equal to the critical threshold 0",
                         active.get(0).get("message").asText());
            long id = active.get(0).get("id").asLong();
            h.step("test.pool_connections", NO_LABELS, 2);
            assertEquals("test.pool_connections is 2, no longer equal to the critical threshold 0",
                         h.alert(id).at("/alert/message").asText());
        }
    }
}
