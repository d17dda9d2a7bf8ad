package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PagerDuty (Events API v2) and Microsoft Teams (Workflows webhook) channels against local receivers that answer as
 * the real services do: one alert's life becomes trigger, acknowledge and resolve under one dedup key, and a card
 * per change; PagerDuty's 400 is final, its 429 is retried, and its routing key is never shown.
 */
class PagerDutyTeamsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> ROOT = Map.of("mount", "/");
    private static final String ROUTING_KEY = "R0UT1NGk3y0123456789abcdefABCDEF";
    private static final List<String> VIEWED = List.of("/api/v1/admin/plugins/alerts", "/api/v1/alerts/status",
                                                       "/api/v1/alerts/deliveries");

    private LocalReceiver receiver;
    private final AtomicInteger throttledCalls = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = LocalReceiver.start()
                .answer("/pd", PagerDutyTeamsIT::accepted)
                // A Workflows webhook accepts with 202 and no body; the flow posts the card later.
                .answer("/teams", message -> LocalReceiver.Answer.json(202, ""))
                // Quotes the whole event it refuses, routing key included, as careless endpoints do.
                .answer("/pd-invalid", event -> LocalReceiver.Answer.json(400, "{\"status\":\"invalid event\","
                        + "\"message\":\"Event object is invalid\",\"errors\":[\"cannot take " + event.body()
                        + "\"]}"))
                .answer("/pd-throttled", event -> throttledCalls.incrementAndGet() == 1
                        ? LocalReceiver.Answer.json(429, "") : accepted(event));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** What PagerDuty answers an event it takes. */
    private static LocalReceiver.Answer accepted(LocalReceiver.Request event) {
        return LocalReceiver.Answer.json(202, "{\"status\":\"success\",\"message\":\"Event processed\","
                + "\"dedup_key\":\"" + event.json().get("dedup_key").asText() + "\"}");
    }

    private String config(String channels) {
        return Harness.diskAlertsConfig(3, channels.replace("PORT", Integer.toString(receiver.port()))
                .replace("KEY", ROUTING_KEY));
    }

    /** The JSON bodies {@code route} took, in the order they came. */
    private List<JsonNode> at(String route) {
        return receiver.requestsTo(route).stream().map(LocalReceiver.Request::json).toList();
    }

    /** Waits until both receivers have {@code count} requests, so the changes reach them in the order they happened. */
    private void awaitBoth(int count, String what) {
        TestServer.await(WAIT, what, () -> at("/pd").size() == count && at("/teams").size() == count);
    }

    @Test
    void anAlertsLifeIsTriggerAcknowledgeResolveUnderOneKeyAndACardForEachChange() throws Exception {
        String channels = """
                  - name: pager
                    type: pagerduty
                    url: http://127.0.0.1:PORT/pd
                    routing-key: KEY
                    events: [fired, escalated, acknowledged, resolved]
                  - name: room
                    type: teams
                    url: http://127.0.0.1:PORT/teams/workflows/abc/triggers/manual/paths/invoke?sig=s3cret
                    events: [fired, escalated, acknowledged, resolved]
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            TestServer server = h.server;
            h.step("test.disk_percent", ROOT, 85);
            long id = h.activeAlerts().get(0).get("id").asLong();
            awaitBoth(1, "the warning");
            h.step("test.disk_percent", ROOT, 97);
            awaitBoth(2, "the escalation");
            HttpResult ack = server.post("/api/v1/alerts/" + id + "/acknowledge", "{\"comment\": \"on it\"}",
                                         server.adminToken());
            assertEquals(200, ack.status(), ack.body());
            awaitBoth(3, "the acknowledgement");
            h.step("test.disk_percent", ROOT, 10);
            awaitBoth(4, "the resolution");

            List<JsonNode> events = at("/pd");
            assertEquals(List.of("trigger", "trigger", "acknowledge", "resolve"),
                         events.stream().map(e -> e.get("event_action").asText()).toList());
            events.forEach(e -> {
                assertEquals("vigil-alert-" + id, e.get("dedup_key").asText(), e.toString());
                assertEquals(ROUTING_KEY, e.get("routing_key").asText());
            });
            assertEquals("warning", events.get(0).at("/payload/severity").asText());
            assertEquals("critical", events.get(1).at("/payload/severity").asText(), "escalation re-triggers");
            assertTrue(events.get(0).at("/payload/summary").asText().startsWith("[WARNING] fired: disk {mount=/}"),
                       events.get(0).toString());
            assertEquals("vigil", events.get(0).at("/payload/source").asText());
            assertEquals("test.disk_percent", events.get(0).at("/payload/component").asText());
            assertEquals("disk", events.get(0).at("/payload/class").asText());
            assertEquals("/", events.get(0).at("/payload/custom_details/labels/mount").asText());
            assertEquals(85, events.get(0).at("/payload/custom_details/value").asDouble());
            assertEquals("Vigil", events.get(0).get("client").asText());

            List<JsonNode> cards = at("/teams").stream().map(m -> {
                assertEquals("message", m.get("type").asText());
                assertEquals("application/vnd.microsoft.card.adaptive", m.at("/attachments/0/contentType").asText());
                return m.at("/attachments/0/content");
            }).toList();
            List<String> headlines = new ArrayList<>();
            List<String> colours = new ArrayList<>();
            cards.forEach(card -> {
                assertEquals("AdaptiveCard", card.get("type").asText());
                assertEquals("FactSet", card.at("/body/" + (card.get("body").size() - 1) + "/type").asText());
                headlines.add(card.at("/body/0/text").asText());
                colours.add(card.at("/body/0/color").asText());
            });
            assertEquals(List.of("[WARNING] fired: disk {mount=/}", "[CRITICAL] escalated: disk {mount=/}",
                                 "[CRITICAL] acknowledged: disk {mount=/}", "[CRITICAL] resolved: disk {mount=/}"),
                         headlines);
            assertEquals(List.of("Warning", "Attention", "Attention", "Good"), colours);
            assertTrue(cards.get(3).toString().contains("Resolved by system at "), cards.get(3).toString());
            assertTrue(cards.get(2).toString().contains("test-admin at "), "who acknowledged: " + cards.get(2));

            for (String channel : List.of("pager", "room")) {
                JsonNode attempts = TestServer.awaitValue(WAIT, channel + "'s four deliveries recorded", () -> {
                    JsonNode all = h.deliveries("?channel=" + channel + "&alert_id=" + id);
                    return all.size() == 4 ? all : null;
                });
                attempts.forEach(d -> {
                    assertEquals("delivered", d.get("outcome").asText(), d.toString());
                    assertEquals(202, d.get("status_code").asInt(), d.toString());
                    assertEquals(1, d.get("attempt").asInt(), d.toString());
                });
            }
        }
    }

    @Test
    void aRefusedEventGivesUpAtOnceWithoutShowingTheRoutingKeyAndAThrottledOneIsRetried() throws Exception {
        String channels = """
                  - name: refused
                    type: pagerduty
                    url: http://127.0.0.1:PORT/pd-invalid
                    routing-key: KEY
                  - name: throttled
                    type: pagerduty
                    url: http://127.0.0.1:PORT/pd-throttled
                    routing-key: KEY
                """;
        try (LogCapture log = LogCapture.start(); Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            TestServer server = h.server;
            h.step("test.disk_percent", ROOT, 97);
            long id = h.activeAlerts().get(0).get("id").asLong();

            JsonNode refused = TestServer.awaitValue(WAIT, "the refused event recorded", () -> {
                JsonNode all = h.deliveries("?channel=refused");
                return all.size() == 1 ? all.get(0) : null;
            });
            assertEquals("gave_up", refused.get("outcome").asText(), "a 400 is not retried: " + refused);
            assertEquals(1, refused.get("attempt").asInt());
            assertEquals(400, refused.get("status_code").asInt());
            String error = refused.get("error").asText();
            assertTrue(error.startsWith("HTTP 400: {\"status\":\"invalid event\""), error);
            assertTrue(error.contains("\"routing_key\":\"***\""), "the echoed key is masked: " + error);
            assertEquals(1, at("/pd-invalid").size());

            JsonNode throttled = TestServer.awaitValue(WAIT, "the throttled event retried", () -> {
                JsonNode all = h.deliveries("?channel=throttled");
                return all.size() == 2 ? all : null;
            });
            // Newest first.
            assertEquals("delivered", throttled.get(0).get("outcome").asText());
            assertEquals(2, throttled.get(0).get("attempt").asInt());
            assertEquals(202, throttled.get(0).get("status_code").asInt());
            assertEquals("failed", throttled.get(1).get("outcome").asText());
            assertEquals(429, throttled.get(1).get("status_code").asInt());
            assertEquals(List.of("vigil-alert-" + id, "vigil-alert-" + id),
                         at("/pd-throttled").stream().map(e -> e.get("dedup_key").asText()).toList());

            TestServer.await(WAIT, "the give-up to be logged", () -> !log.linesWith("could not be sent").isEmpty());
            for (String path : VIEWED) {
                HttpResult result = server.get(path, server.viewerToken());
                assertEquals(200, result.status(), path + ": " + result.body());
                assertFalse(result.body().contains(ROUTING_KEY), path + " shows the routing key: " + result.body());
            }
            assertFalse(String.join("\n", log.lines()).contains(ROUTING_KEY), "the log shows the routing key");
        }
    }
}
