package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.vigil.kernel.http.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel test to PagerDuty is two events against a real local HTTP receiver: a trigger and a resolve under a key
 * of the test's own, so no incident is left open; the outcome is the worse of the two.
 */
class PagerDutySenderTest {

    private static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectMapper mapper = Json.newMapper();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private HttpSender http;
    private PagerDutySender sender;
    /** The receiver's answer (status and body) to the event it was sent. */
    private volatile Function<JsonNode, Map.Entry<Integer, String>> answer;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v2/enqueue", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            received.add(event);
            Map.Entry<Integer, String> reply = answer.apply(event);
            byte[] body = reply.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.getKey(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        receiver.start();
        http = new HttpSender(mapper);
        sender = new PagerDutySender(http);
    }

    @AfterEach
    void stop() {
        http.close();
        receiver.stop(0);
    }

    private static Map.Entry<Integer, String> accepted(JsonNode event) {
        return Map.entry(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\""
                + event.get("dedup_key").asText() + "\"}");
    }

    private Channel channel() {
        return new Channel("pager", ChannelType.PAGERDUTY, "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/v2/enqueue", null, null, null, null, null, null, null, null, null, ROUTING_KEY);
    }

    private static Notification test() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Alert sample = new Alert(0, "vigil-test", Map.of("channel", "pager"), "alerts.test", Severity.CRITICAL,
                                 Alert.ACTIVE, 1, 0, "This is a test notification from Vigil", now, now, null, null,
                                 null, null, null);
        return new Notification(Change.TEST, sample, now);
    }

    @Test
    void aTestTriggersThenResolvesUnderAKeyOfItsOwn() {
        answer = PagerDutySenderTest::accepted;
        SendResult result = sender.send(channel(), test());

        assertTrue(result.ok(), String.valueOf(result.error()));
        assertEquals(202, result.status());
        assertEquals(2, received.size());
        assertEquals(List.of("trigger", "resolve"), received.stream().map(e -> e.get("event_action").asText())
                .toList());
        String key = received.get(0).get("dedup_key").asText();
        assertTrue(key.startsWith("vigil-test-pager-"), key);
        assertEquals(key, received.get(1).get("dedup_key").asText());
        received.forEach(e -> assertEquals(ROUTING_KEY, e.get("routing_key").asText()));
        assertEquals("info", received.get(0).at("/payload/severity").asText());
    }

    @Test
    void aTestWhoseResolveFailsSaysTheIncidentIsStillOpen() {
        answer = event -> "resolve".equals(event.get("event_action").asText())
                ? Map.entry(500, "{\"status\":\"error\"}") : accepted(event);
        SendResult result = sender.send(channel(), test());

        assertFalse(result.ok());
        assertFalse(result.permanent(), "a 5xx may pass: the admin can test again");
        assertEquals(500, result.status());
        String key = received.get(0).get("dedup_key").asText();
        assertTrue(result.error().contains("still open") && result.error().contains(key), result.error());
        assertTrue(result.error().contains("HTTP 500"), result.error());
    }

    @Test
    void aRefusedTestTriggerSendsNoResolve() {
        answer = event -> Map.entry(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}");
        SendResult result = sender.send(channel(), test());

        assertFalse(result.ok());
        assertTrue(result.permanent(), "PagerDuty's 400 means the event itself is wrong");
        assertEquals(400, result.status());
        assertEquals(1, received.size(), "nothing was opened, so nothing is resolved");
        assertTrue(result.error().startsWith("HTTP 400: {\"status\":\"invalid event\""), result.error());
    }

    @Test
    void anAnswerCutToItsFirst200CharactersShowsNoPartOfTheRoutingKey() {
        // The key straddles the cut: redacting after cutting would leave its first characters in the error.
        answer = event -> Map.entry(400, "x".repeat(190) + event.get("routing_key").asText());
        SendResult result = sender.send(channel(), test());

        assertFalse(result.error().contains(ROUTING_KEY.substring(0, 6)), result.error());
        assertTrue(result.error().endsWith("x***"), result.error());
    }

    @Test
    void anAlertChangeIsOneEvent() {
        answer = PagerDutySenderTest::accepted;
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Alert alert = new Alert(12, "disk", Map.of("mount", "/"), "system.disk_percent", Severity.CRITICAL,
                                Alert.RESOLVED, 10, 95, "back to normal", now, now, null, null, null, now, "system");
        SendResult result = sender.send(channel(), new Notification(Change.RESOLVED, alert, now));

        assertTrue(result.ok(), String.valueOf(result.error()));
        assertEquals(1, received.size());
        assertEquals("resolve", received.get(0).get("event_action").asText());
        assertEquals("vigil-alert-12", received.get(0).get("dedup_key").asText());
    }
}
