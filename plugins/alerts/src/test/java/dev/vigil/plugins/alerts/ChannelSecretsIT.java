package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A channel's URL (the key is in its path) and its header values are never shown, to any role: not in the admin
 * API's config, not in recorded deliveries — even when the endpoint echoes them in its error — and not in the log.
 */
class ChannelSecretsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String URL_KEY = "KEY-abc123";
    private static final String HEADER_TOKEN = "tok-xyz789";
    private static final List<String> VIEWED = List.of("/api/v1/admin/plugins/alerts", "/api/v1/admin/plugins",
                                                       "/api/v1/alerts", "/api/v1/alerts/status",
                                                       "/api/v1/alerts/deliveries");

    private LocalReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        // Like many endpoints, it quotes what it was sent in its refusal.
        receiver = LocalReceiver.start().answer("/hook", request -> LocalReceiver.Answer.text(
                404, "no hook at " + request.path() + " for " + request.header("Authorization")));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void aViewerNeverSeesTheChannelUrlKeyOrItsHeaderValues() throws Exception {
        int port = receiver.port();
        String yaml = Harness.diskAlertsConfig(1, """
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook/KEY
                    headers: {Authorization: Bearer TOKEN}
                """.replace("PORT", Integer.toString(port)).replace("KEY", URL_KEY).replace("TOKEN", HEADER_TOKEN));
        try (LogCapture log = LogCapture.start(); Harness h = Harness.start(TestDatabase.SQLITE, yaml)) {
            TestServer server = h.server;
            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            JsonNode attempt = TestServer.awaitValue(WAIT, "the refused delivery recorded", () -> {
                JsonNode deliveries = server.get("/api/v1/alerts/deliveries", server.viewerToken()).json()
                        .get("deliveries");
                return deliveries.size() == 1 ? deliveries.get(0) : null;
            });
            assertEquals(404, attempt.get("status_code").asInt());
            assertEquals("HTTP 404: no hook at /*** for ***", attempt.get("error").asText(),
                         "the endpoint's answer is kept, without the secrets it echoes");
            TestServer.await(WAIT, "the give-up to be logged", () -> !log.linesWith("could not be sent").isEmpty());

            for (String path : VIEWED) {
                HttpResult result = server.get(path, server.viewerToken());
                assertEquals(200, result.status(), path + ": " + result.body());
                assertNoSecret(path, result.body());
            }
            JsonNode channel = server.get("/api/v1/admin/plugins/alerts", server.viewerToken()).json()
                    .at("/config/values/channels/0");
            assertEquals("http://127.0.0.1:" + port + "/***", channel.get("url").asText());
            assertEquals("***", channel.at("/headers/Authorization").asText());
            assertNoSecret("the log", String.join("\n", log.lines()));
        }
    }

    private static void assertNoSecret(String where, String text) {
        assertFalse(text.contains(URL_KEY), where + " shows the URL's key: " + text);
        assertFalse(text.contains(HEADER_TOKEN), where + " shows the header value: " + text);
    }
}
