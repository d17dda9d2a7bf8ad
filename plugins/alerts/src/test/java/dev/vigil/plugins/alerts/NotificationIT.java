package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Notifications to a real local HTTP server: payloads, a retry after a failure, silences, a stuck endpoint. */
class NotificationIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> ROOT = Map.of("mount", "/");
    private static final Map<String, String> DATA = Map.of("mount", "/data");

    private LocalReceiver receiver;
    private final AtomicInteger hookCalls = new AtomicInteger();
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = LocalReceiver.start()
                // The generic webhook fails its first request, then accepts.
                .answer("/hook", request -> answer(hookCalls.incrementAndGet() == 1 ? 500 : 200))
                .answer("/slack", request -> answer(200))
                .answer("/slow", request -> {
                    slowEntered.countDown();
                    try {
                        slowRelease.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return answer(200);
                });
    }

    @AfterEach
    void stopReceiver() {
        slowRelease.countDown();
        receiver.close();
    }

    private static LocalReceiver.Answer answer(int status) {
        return LocalReceiver.Answer.text(status, status == 200 ? "ok" : "try later");
    }

    private String config(String channels) {
        return Harness.diskAlertsConfig(3, channels.replace("PORT", Integer.toString(receiver.port())));
    }

    private List<LocalReceiver.Request> at(String route) {
        return receiver.requestsTo(route);
    }

    @Test
    void aWebhookReceivesTheAlertAfterARetryAndEveryAttemptIsRecorded() throws Exception {
        String channels = """
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook
                    headers: {X-Token: s3cret}
                  - name: chat
                    type: slack
                    url: http://127.0.0.1:PORT/slack
                  - name: journal
                    type: log
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            h.step("test.disk_percent", ROOT, 97);
            long id = h.activeAlerts().get(0).get("id").asLong();

            TestServer.await(WAIT, "the retried webhook", () -> at("/hook").size() == 2);
            LocalReceiver.Request delivered = at("/hook").get(1);
            assertEquals("fired", delivered.json().get("event").asText());
            assertEquals(id, delivered.json().at("/alert/id").asLong());
            assertEquals("disk", delivered.json().at("/alert/rule").asText());
            assertEquals("critical", delivered.json().at("/alert/severity").asText());
            assertEquals("/", delivered.json().at("/alert/labels/mount").asText());
            assertEquals("s3cret", delivered.header("X-Token"), "configured headers are sent");

            JsonNode hookAttempts = TestServer.awaitValue(WAIT, "both attempts recorded", () -> {
                JsonNode attempts = h.deliveries("?channel=hook&alert_id=" + id);
                return attempts.size() == 2 ? attempts : null;
            });
            // Newest first.
            assertEquals("delivered", hookAttempts.get(0).get("outcome").asText());
            assertEquals(2, hookAttempts.get(0).get("attempt").asInt());
            assertEquals("failed", hookAttempts.get(1).get("outcome").asText());
            assertEquals(500, hookAttempts.get(1).get("status_code").asInt());
            assertTrue(hookAttempts.get(1).get("error").asText().contains("try later"), hookAttempts.toString());

            TestServer.await(WAIT, "the Slack payload", () -> at("/slack").size() == 1);
            JsonNode slack = at("/slack").get(0).json();
            assertTrue(slack.get("text").asText().startsWith("[CRITICAL] fired: disk"), slack.toString());
            assertEquals("#d32f2f", slack.at("/attachments/0/color").asText());
            TestServer.await(WAIT, "the log channel's delivery", () -> h.deliveries("?channel=journal")
                    .path(0).path("outcome").asText().equals("delivered"));

            h.step("test.disk_percent", ROOT, 10);
            TestServer.await(WAIT, "the resolution", () -> at("/hook").size() == 3);
            assertEquals("resolved", at("/hook").get(2).json().get("event").asText());
            assertEquals("system", at("/hook").get(2).json().at("/alert/resolved_by").asText());
        }
    }

    /**
     * A resolution must not overtake the firing it resolves: PagerDuty drops a resolve for an incident it has not
     * opened yet, and a chat would read "resolved" above "fired". While the firing waits to be sent again, the
     * resolution waits behind it.
     */
    @Test
    void anAlertsChangesReachAChannelInTheirOrderWhileTheFirstIsRetried() throws Exception {
        String channels = """
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels).replace("initial-backoff: 100ms",
                                                                                      "initial-backoff: 1s"))) {
            h.step("test.disk_percent", ROOT, 97);
            TestServer.await(WAIT, "the first, failing attempt", () -> at("/hook").size() == 1);
            h.step("test.disk_percent", ROOT, 10);

            TestServer.await(WAIT, "the retry and the resolution", () -> at("/hook").size() == 3);
            assertEquals(List.of("fired", "fired", "resolved"),
                         at("/hook").stream().map(r -> r.json().get("event").asText()).toList());
        }
    }

    @Test
    void metricsCountFiredAlertsAndNotificationsAndShowTheActiveAlerts() throws Exception {
        hookCalls.set(1); // this test's webhook accepts from the first request
        String channels = """
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook
                  - name: nowhere
                    type: webhook
                    url: http://127.0.0.1:PORT/missing
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            h.publish("test.disk_percent", ROOT, 97);
            h.publish("test.disk_percent", DATA, 85);
            h.evaluate();
            assertEquals(2, h.activeAlerts().size());

            // The receiver answers 404 for /missing: a request it refuses is not sent again, the channel gives up.
            ScrapedMetrics metrics = TestServer.awaitValue(WAIT, "both notifications settled on both channels", () -> {
                ScrapedMetrics now = ScrapedMetrics.of(h.server);
                return now.find("vigil_alert_notifications_total", "channel", "hook", "outcome", "delivered")
                        .orElse(0) == 2 && now.find("vigil_alert_notifications_total", "channel", "nowhere",
                                                    "outcome", "failed").orElse(0) == 2 ? now : null;
            });
            assertTrue(metrics.find("vigil_alert_notifications_total", "channel", "hook", "outcome", "failed")
                               .isEmpty(), "no failure was counted for the working channel");
            assertEquals(1, metrics.value("vigil_alerts_fired_total", "rule", "disk", "severity", "critical"));
            assertEquals(1, metrics.value("vigil_alerts_fired_total", "rule", "disk", "severity", "warning"));
            assertEquals(1, metrics.value("vigil_alerts_active", "severity", "critical"));
            assertEquals(1, metrics.value("vigil_alerts_active", "severity", "warning"));
            metrics.assertPromtoolFindsNothing();

            h.publish("test.disk_percent", ROOT, 10);
            h.evaluate();
            metrics = ScrapedMetrics.of(h.server);
            assertEquals(0, metrics.value("vigil_alerts_active", "severity", "critical"));
            assertEquals(1, metrics.value("vigil_alerts_active", "severity", "warning"));
            assertEquals(1, metrics.value("vigil_alerts_fired_total", "rule", "disk", "severity", "critical"),
                         "a resolution is not a firing");
        }
    }

    @Test
    void aSilenceMutesNotificationsButNotAlerts() throws Exception {
        hookCalls.set(1); // this test's webhook accepts from the first request
        String channels = """
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            TestServer server = h.server;
            String until = h.clock.instant().plus(Duration.ofHours(1)).toString();
            HttpResult silence = server.post("/api/v1/alerts/silences", "{\"matchers\": {\"mount\": \"/data\"}, "
                    + "\"until\": \"" + until + "\", \"comment\": \"disk swap tonight\"}", server.adminToken());
            assertEquals(201, silence.status(), silence.body());
            long silenceId = silence.json().at("/silence/id").asLong();
            assertEquals("test-admin", silence.json().at("/silence/created_by").asText());

            h.publish("test.disk_percent", DATA, 97);
            h.publish("test.disk_percent", ROOT, 97);
            h.evaluate();
            assertEquals(2, h.activeAlerts().size(), "a silence mutes notifications, not alerts");

            JsonNode recorded = TestServer.awaitValue(WAIT, "both outcomes", () -> {
                JsonNode all = h.deliveries("");
                return all.size() == 2 ? all : null;
            });
            List<String> outcomes = new ArrayList<>();
            recorded.forEach(d -> outcomes.add(d.get("outcome").asText()));
            outcomes.sort(null);
            assertEquals(List.of("delivered", "silenced"), outcomes);
            assertEquals(1, at("/hook").size());
            assertEquals("/", at("/hook").get(0).json().at("/alert/labels/mount").asText());
            JsonNode silenced = h.deliveries("?outcome=silenced").get(0);
            assertTrue(silenced.get("error").asText().contains("disk swap tonight"), silenced.toString());

            JsonNode listed = server.get("/api/v1/alerts/silences", server.viewerToken()).json();
            assertTrue(listed.at("/silences/0/active").asBoolean());
            assertEquals(200, server.delete("/api/v1/alerts/silences/" + silenceId, server.adminToken()).status());
            assertEquals(409, server.delete("/api/v1/alerts/silences/" + silenceId, server.adminToken()).status());
            listed = server.get("/api/v1/alerts/silences", server.viewerToken()).json();
            assertTrue(!listed.at("/silences/0/active").asBoolean());
        }
    }

    @Test
    void invalidSilencesAreRefusedNamingTheField() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, config("  []\n"))) {
            TestServer server = h.server;
            String future = h.clock.instant().plus(Duration.ofHours(1)).toString();
            String past = h.clock.instant().minus(Duration.ofHours(1)).toString();
            assertRefused(server, "{\"until\": \"" + future + "\"}", "matchers");
            assertRefused(server, "{\"matchers\": {}, \"until\": \"" + future + "\"}", "matchers");
            assertRefused(server, "{\"matchers\": {\"rule\": \"disk\"}}", "until");
            assertRefused(server, "{\"matchers\": {\"rule\": \"disk\"}, \"until\": \"" + past + "\"}", "until");
            assertRefused(server, "{\"matchers\": {\"rule\": \"disk\"}, \"until\": \"tomorrow\"}", "until");
            assertRefused(server, "{\"matchers\": {\"rule\": 5}, \"until\": \"" + future + "\"}", "matchers.rule");
            assertRefused(server, "{\"matchers\": {\"rule\": \"d\"}, \"until\": \"" + future + "\", \"why\": 1}",
                          "why");
            assertEquals(0, server.get("/api/v1/alerts/silences", server.viewerToken()).json().get("count").asInt());
        }
    }

    private static void assertRefused(TestServer server, String body, String field) {
        HttpResult result = server.post("/api/v1/alerts/silences", body, server.adminToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().startsWith(field + ":"), result.body());
    }

    @Test
    void aStuckEndpointNeverDelaysEvaluation() throws Exception {
        String channels = """
                  - name: stuck
                    type: discord
                    url: http://127.0.0.1:PORT/slow
                    timeout: 1m
                """;
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(channels))) {
            h.step("test.disk_percent", ROOT, 97);
            assertTrue(slowEntered.await(10, TimeUnit.SECONDS), "the endpoint got the notification");
            // The endpoint still holds its request, yet evaluations go on and the alert moves through its life.
            h.step("test.disk_percent", ROOT, 10);
            assertEquals(0, h.activeAlerts().size());
            assertEquals(0, h.deliveries("").size(), "nothing delivered while the endpoint hangs");
            JsonNode discord = at("/slow").get(0).json();
            assertTrue(discord.get("content").asText().startsWith("[CRITICAL] fired: disk"), discord.toString());
            assertEquals(0xd32f2f, discord.at("/embeds/0/color").asInt());
            slowRelease.countDown();
            TestServer.await(WAIT, "both notifications delivered",
                             () -> h.deliveries("?outcome=delivered").size() == 2);
        }
    }
}
