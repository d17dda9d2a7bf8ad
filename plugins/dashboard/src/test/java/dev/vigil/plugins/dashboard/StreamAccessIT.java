package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.vigil.kernel.limits.LimitSettings;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Who may keep a live stream open: its token must still exist, and each token has a bound on open streams. */
class StreamAccessIT {

    private static final String STREAM = "/api/v1/dashboard/stream";
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String createToken(TestServer server, String name, String role) {
        HttpResult created = server.post("/api/v1/admin/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role
                + "\"}", server.adminToken());
        assertEquals(201, created.status(), created.body());
        return created.json().get("token").asText();
    }

    private static JsonNode tokenView(TestServer server, String name) {
        for (JsonNode token : server.get("/api/v1/admin/tokens", server.adminToken()).json().get("tokens")) {
            if (token.get("name").asText().equals(name)) {
                return token;
            }
        }
        throw new AssertionError("no token " + name + " in the admin API");
    }

    /** A whole answer, failing (instead of waiting for ever) when it is a stream that does not end. */
    private static HttpResult answerWithin(TestServer server, String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<String> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .get(10, TimeUnit.SECONDS);
        return new HttpResult(response.statusCode(), response.body(), response.headers());
    }

    @Test
    void deletingItsTokenEndsAnOpenStreamAndOnlyThatOne() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("dashboard", "stream-keepalive: 1s\n")
                .start()) {
            String wallScreen = createToken(server, "wall-screen", "viewer");
            try (EventStreamReader revoked = new EventStreamReader(server.uri(STREAM), wallScreen);
                 EventStreamReader other = new EventStreamReader(server.uri(STREAM), server.viewerToken())) {
                revoked.await(FEW_SECONDS, "hello", e -> e.name().equals("hello"));
                other.await(FEW_SECONDS, "hello", e -> e.name().equals("hello"));

                assertEquals(204, server.delete("/api/v1/admin/tokens/wall-screen", server.adminToken()).status());

                revoked.await(FEW_SECONDS, "the revoked event", e -> e.name().equals("revoked"));
                assertTrue(revoked.endsWithin(FEW_SECONDS), "the stream of the deleted token ended");
                HttpResult again = answerWithin(server, STREAM, wallScreen);
                assertEquals(401, again.status(), again.body());
                assertEquals("unauthorized", again.errorCode());

                assertFalse(other.endsWithin(Duration.ofSeconds(2)), "another token's stream stays open");
                TestServer.await(FEW_SECONDS, "one stream left", () -> server.get("/api/v1/dashboard/status",
                        server.viewerToken()).json().at("/stream/clients").asInt() == 1);
            }
        }
    }

    @Test
    void aTokenOpensAtMostItsBoundOfStreamsWithoutLimitingAnother() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().limits(new LimitSettings(0, 0, 2))
                .config("dashboard", "stream-keepalive: 1s\n").start();
             EventStreamReader first = new EventStreamReader(server.uri(STREAM), server.viewerToken());
             EventStreamReader second = new EventStreamReader(server.uri(STREAM), server.viewerToken());
             EventStreamReader admins = new EventStreamReader(server.uri(STREAM), server.adminToken())) {
            first.await(FEW_SECONDS, "hello 1", e -> e.name().equals("hello"));
            second.await(FEW_SECONDS, "hello 2", e -> e.name().equals("hello"));

            HttpResult third = answerWithin(server, STREAM, server.viewerToken());
            assertEquals(429, third.status(), third.body());
            assertEquals("too_many_streams", third.errorCode());
            assertTrue(third.errorMessage().contains("limits.live-streams is 2"), third.errorMessage());
            assertEquals("limits.live-streams", third.json().at("/error/details/limit").asText());
            assertEquals("10", third.header("Retry-After"));

            admins.await(FEW_SECONDS, "another token's stream", e -> e.name().equals("hello"));
            assertEquals(2, tokenView(server, "test-viewer").at("/limits/open_streams").asInt());
            assertEquals(1, tokenView(server, "test-viewer").at("/limits/refused/limits.live-streams").asInt());
            JsonNode limits = server.get("/api/v1/admin/status", server.viewerToken()).json().get("limits");
            assertEquals(2, limits.get("live_streams_per_token").asInt());
            assertEquals(3, limits.get("open_streams").asInt());

            first.close();
            // The server notices the closed stream at its next write (a keep-alive at the latest); then one fits.
            TestServer.await(Duration.ofSeconds(30), "a stream slot to be released", () -> server.get(
                    "/api/v1/admin/tokens", server.adminToken()).json().findValues("open_streams").stream()
                    .mapToInt(JsonNode::asInt).sum() == 2);
            try (EventStreamReader again = new EventStreamReader(server.uri(STREAM), server.viewerToken())) {
                assertEquals(200, again.status());
            }
        }
    }
}
