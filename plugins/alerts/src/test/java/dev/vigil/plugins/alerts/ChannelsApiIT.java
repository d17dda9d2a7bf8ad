package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Channels made through the API next to the file's: listing, override and return of a file channel, secrets that
 * are write-only and masked for every role, refusals naming the field, and the test button, against a real local
 * HTTP receiver.
 */
class ChannelsApiIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL_KEY = "KEY-url-4f1c";
    private static final String TOKEN = "tok-header-9d2e";
    private static final String FILE_KEY = "KEY-file-77ab";

    private LocalReceiver receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = LocalReceiver.start().answer("/hook", 200, "ok").answer("/fail", 500, "out of order");
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String url(String path) {
        return receiver.url(path);
    }

    private String yaml(String channels) {
        return Harness.diskAlertsConfig(1, channels);
    }

    private String fileChannels() {
        return """
                  - name: file-hook
                    type: webhook
                    url: URL
                    headers: {X-Token: file-token}
                  - name: journal
                    type: log
                """.replace("URL", url("/hook/" + FILE_KEY));
    }

    /** A webhook channel's body, with the URL key and header value this test looks for everywhere. */
    private String apiHook(String extra) {
        return "{\"type\": \"webhook\", \"url\": \"" + url("/hook/" + URL_KEY) + "\", \"headers\": {\"X-Token\": \""
                + TOKEN + "\"}" + extra + "}";
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void apiChannelsAddToAndOverrideFileChannels(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "no PostgreSQL configured");
        try (Harness h = Harness.start(database, yaml(fileChannels()))) {
            TestServer server = h.server;
            JsonNode listed = server.get("/api/v1/alerts/channels", server.viewerToken()).json();
            assertEquals(2, listed.get("count").asInt(), listed.toString());
            listed.get("channels").forEach(c -> assertEquals("file", c.get("source").asText()));

            HttpResult created = server.put("/api/v1/alerts/channels/team-hook",
                                            apiHook(", \"min_severity\": \"critical\""), server.adminToken());
            assertEquals(201, created.status(), created.body());
            JsonNode view = created.json();
            assertEquals("team-hook", view.get("name").asText());
            assertEquals("api", view.get("source").asText());
            assertFalse(view.get("overrides_file_channel").asBoolean());
            assertEquals("test-admin", view.get("updated_by").asText());
            assertTrue(view.hasNonNull("updated_at"), view.toString());
            assertEquals("critical", view.get("min_severity").asText());
            assertEquals("5s", view.get("timeout").asText(), "defaults filled in");
            assertEquals("[\"fired\",\"escalated\",\"resolved\"]", view.get("events").toString());
            assertTrue(view.get("enabled").asBoolean());

            HttpResult replaced = server.put("/api/v1/alerts/channels/team-hook", apiHook(", \"timeout\": \"2s\""),
                                             server.adminToken());
            assertEquals(200, replaced.status(), replaced.body());
            assertEquals("2s", replaced.json().get("timeout").asText());
            assertEquals("warning", replaced.json().get("min_severity").asText(), "a PUT replaces the whole channel");

            HttpResult override = server.put("/api/v1/alerts/channels/file-hook",
                                             apiHook(", \"enabled\": false"), server.adminToken());
            assertEquals(201, override.status(), override.body());
            assertTrue(override.json().get("overrides_file_channel").asBoolean());
            JsonNode fileHook = server.get("/api/v1/alerts/channels/file-hook", server.viewerToken()).json();
            assertEquals("api", fileHook.get("source").asText());
            assertFalse(fileHook.get("enabled").asBoolean());
            assertEquals(3, server.get("/api/v1/alerts/channels", server.viewerToken()).json().get("count").asInt());
            JsonNode status = server.get("/api/v1/alerts/status", server.viewerToken()).json();
            assertEquals(3, status.get("channels").size(), "the status lists the channels in force");

            HttpResult deleted = server.delete("/api/v1/alerts/channels/file-hook", server.adminToken());
            assertEquals(200, deleted.status(), deleted.body());
            assertEquals("file", deleted.json().at("/now_in_force/source").asText(), "the file channel is back");
            assertTrue(deleted.json().at("/now_in_force/enabled").asBoolean());
            HttpResult fileOnly = server.delete("/api/v1/alerts/channels/journal", server.adminToken());
            assertEquals(409, fileOnly.status(), fileOnly.body());
            assertTrue(fileOnly.errorMessage().contains("config/plugins/alerts.yaml"), fileOnly.body());
            assertTrue(fileOnly.errorMessage().contains("\"enabled\": false"), fileOnly.body());
            assertEquals(404, server.delete("/api/v1/alerts/channels/nope", server.adminToken()).status());
            assertEquals(404, server.get("/api/v1/alerts/channels/nope", server.viewerToken()).status());
            assertEquals(404, server.post("/api/v1/alerts/channels/nope/test", null, server.adminToken()).status());

            assertEquals(403, server.put("/api/v1/alerts/channels/x", "{\"type\": \"log\"}", server.viewerToken())
                    .status());
            assertEquals(403, server.delete("/api/v1/alerts/channels/team-hook", server.viewerToken()).status());
            assertEquals(403, server.post("/api/v1/alerts/channels/team-hook/test", null, server.viewerToken())
                    .status());
            assertTrue(receiver.requests().isEmpty(), "a refused test sends nothing");

            server.restart();
            assertEquals(3, server.get("/api/v1/alerts/channels", server.viewerToken()).json().get("count").asInt(),
                         "API channels are stored");
            HttpResult gone = server.delete("/api/v1/alerts/channels/team-hook", server.adminToken());
            assertEquals(200, gone.status(), gone.body());
            assertTrue(gone.json().get("now_in_force").isNull(), gone.body());
            assertEquals(2, server.get("/api/v1/alerts/channels", server.viewerToken()).json().get("count").asInt());
        }
    }

    @Test
    void secretsAreMaskedForEveryRoleAndWriteOnly() throws Exception {
        try (LogCapture log = LogCapture.start();
             Harness h = Harness.start(TestDatabase.SQLITE, yaml(fileChannels()))) {
            TestServer server = h.server;
            assertEquals(201, server.put("/api/v1/alerts/channels/team-hook", apiHook(""), server.adminToken())
                    .status());
            for (String token : List.of(server.adminToken(), server.viewerToken())) {
                for (String path : List.of("/api/v1/alerts/channels", "/api/v1/alerts/channels/team-hook",
                                           "/api/v1/alerts/channels/file-hook", "/api/v1/alerts/status",
                                           "/api/v1/admin/plugins/alerts")) {
                    HttpResult result = server.get(path, token);
                    assertEquals(200, result.status(), path + ": " + result.body());
                    assertNoSecret(path, result.body());
                }
            }
            JsonNode view = server.get("/api/v1/alerts/channels/team-hook", server.viewerToken()).json();
            assertEquals(url("/***"), view.get("url").asText(), "scheme and host tell which endpoint it is");
            assertEquals("***", view.at("/headers/X-Token").asText(), "header names stay readable");
            JsonNode fileView = server.get("/api/v1/alerts/channels/file-hook", server.adminToken()).json();
            assertEquals(url("/***"), fileView.get("url").asText());
            assertEquals("***", fileView.at("/headers/X-Token").asText());

            // GET, edit, PUT back: the masks mean "keep"; the test reaches the real URL with the real header.
            ObjectNode edited = (ObjectNode) view.deepCopy();
            edited.put("min_severity", "critical");
            HttpResult roundTrip = server.put("/api/v1/alerts/channels/team-hook", edited.toString(),
                                              server.adminToken());
            assertEquals(200, roundTrip.status(), roundTrip.body());
            assertEquals("critical", roundTrip.json().get("min_severity").asText());
            assertNoSecret("the PUT's answer", roundTrip.body());
            assertTestReaches(server, "team-hook", "/hook/" + URL_KEY, TOKEN);

            // Secrets left out are kept as well.
            HttpResult omitted = server.put("/api/v1/alerts/channels/team-hook", "{\"type\": \"webhook\"}",
                                            server.adminToken());
            assertEquals(200, omitted.status(), omitted.body());
            assertTestReaches(server, "team-hook", "/hook/" + URL_KEY, TOKEN);

            // A new value replaces the secret; a header left out of a sent map is removed.
            ObjectNode rotated = (ObjectNode) JSON.readTree(apiHook(""));
            ((ObjectNode) rotated.get("headers")).put("X-Token", "tok-rotated");
            assertEquals(200, server.put("/api/v1/alerts/channels/team-hook", rotated.toString(),
                                         server.adminToken()).status());
            assertTestReaches(server, "team-hook", "/hook/" + URL_KEY, "tok-rotated");
            assertEquals(200, server.put("/api/v1/alerts/channels/team-hook", "{\"type\": \"webhook\", "
                    + "\"headers\": {}}", server.adminToken()).status());
            assertTestReaches(server, "team-hook", "/hook/" + URL_KEY, null);

            // An override keeps the file channel's secrets it was shown masked.
            ObjectNode overriding = (ObjectNode) fileView.deepCopy();
            overriding.put("timeout", "3s");
            assertEquals(201, server.put("/api/v1/alerts/channels/file-hook", overriding.toString(),
                                         server.adminToken()).status());
            assertTestReaches(server, "file-hook", "/hook/" + FILE_KEY, "file-token");

            // A masked value that matches nothing the channel has is refused, never stored as the secret.
            ObjectNode copy = (ObjectNode) view.deepCopy();
            copy.remove("name");
            HttpResult copied = server.put("/api/v1/alerts/channels/copy", copy.toString(), server.adminToken());
            assertEquals(400, copied.status(), copied.body());
            assertTrue(copied.errorMessage().startsWith("url: "), copied.body());
            assertEquals("url", copied.json().at("/error/details/field").asText());
            ObjectNode strayHeader = (ObjectNode) view.deepCopy();
            strayHeader.remove("url");
            strayHeader.putObject("headers").put("X-Other", "***");
            HttpResult stray = server.put("/api/v1/alerts/channels/team-hook", strayHeader.toString(),
                                          server.adminToken());
            assertEquals(400, stray.status(), stray.body());
            assertEquals("headers.X-Other", stray.json().at("/error/details/field").asText(), stray.body());
            assertEquals(404, server.get("/api/v1/alerts/channels/copy", server.viewerToken()).status());
            assertNoSecret("the log", String.join("\n", log.lines()));
        }
    }

    /** Presses the test button of {@code channel} and checks what the receiver got. */
    private void assertTestReaches(TestServer server, String channel, String path, String token) {
        receiver.clear();
        HttpResult tested = server.post("/api/v1/alerts/channels/" + channel + "/test", null, server.adminToken());
        assertEquals(200, tested.status(), tested.body());
        assertEquals("delivered", tested.json().at("/delivery/outcome").asText(), tested.body());
        List<LocalReceiver.Request> received = receiver.requests();
        assertEquals(1, received.size(), received.toString());
        assertEquals(path, received.get(0).path());
        assertEquals(token, received.get(0).header("X-Token"));
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : List.of(URL_KEY, TOKEN, FILE_KEY, "file-token")) {
            assertFalse(text.contains(secret), where + " shows " + secret + ": " + text);
        }
    }

    @Test
    void invalidChannelsAreRefusedNamingTheFieldAndNothingIsStored() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, yaml("  []\n"))) {
            TestServer server = h.server;
            String email = """
                    {"type": "email", "from": "vigil@example.com", "to": TO, "smtp": SMTP}
                    """;
            String smtp = "{\"host\": \"mail.example.com\", \"port\": 587}";
            assertRefused(server, email.replace("TO", "[\"ops@example.com\", \"not an address\"]")
                    .replace("SMTP", smtp), "to[1]");
            assertRefused(server, email.replace("TO", "[]").replace("SMTP", smtp), "to");
            assertRefused(server, email.replace("TO", "[\"ops@example.com\"]").replace("SMTP", "{\"port\": 587}"),
                          "smtp.host");
            assertRefused(server, email.replace("TO", "[\"ops@example.com\"]")
                    .replace("SMTP", "{\"host\": \"mail.example.com\", \"hots\": 1}"), "smtp.hots");
            assertRefused(server, email.replace("TO", "[\"ops@example.com\"]")
                    .replace("SMTP", "{\"host\": \"mail.example.com\", \"username\": \"u\"}"), "smtp.password");
            assertRefused(server, email.replace("TO", "[\"ops@example.com\"]").replace("SMTP", smtp)
                    .replace("}\n", ", \"subject_prefix\": \"two\\nlines\"}"), "subject_prefix");
            assertRefused(server, "{\"type\": \"webhook\", \"url\": \"ftp://example.com/x\"}", "url");
            assertRefused(server, "{\"type\": \"webhook\"}", "url");
            assertRefused(server, "{\"type\": \"webhook\", \"url\": \"" + url("/hook") + "\", \"colour\": 1}",
                          "colour");
            assertRefused(server, "{\"type\": \"webhook\", \"url\": \"" + url("/hook") + "\", \"events\": [\"test\"]}",
                          "events");
            assertRefused(server, "{\"type\": \"webhook\", \"url\": \"" + url("/hook") + "\", \"timeout\": \"soon\"}",
                          "timeout");
            assertRefused(server, "{\"type\": \"pagerduty\"}", "routing_key");
            assertRefused(server, "{\"type\": \"carrier-pigeon\"}", "type");
            assertRefused(server, "{\"name\": \"other\", \"type\": \"log\"}", "name");
            assertEquals(400, server.put("/api/v1/alerts/channels/UPPER", "{\"type\": \"log\"}", server.adminToken())
                    .status());
            assertEquals(0, server.get("/api/v1/alerts/channels", server.viewerToken()).json().get("count").asInt());

            HttpResult valid = server.put("/api/v1/alerts/channels/ops-mail", email
                    .replace("TO", "[\"ops@example.com\"]").replace("SMTP", "{\"host\": \"mail.example.com\", "
                            + "\"tls\": \"tls\", \"username\": \"vigil\", \"password\": \"smtp-pw-123\"}"),
                                          server.adminToken());
            assertEquals(201, valid.status(), valid.body());
            assertEquals(465, valid.json().at("/smtp/port").asInt(), "the port follows tls");
            assertEquals("***", valid.json().at("/smtp/password").asText());
            assertEquals("[Vigil]", valid.json().get("subject_prefix").asText());
            assertFalse(valid.body().contains("smtp-pw-123"), valid.body());
        }
    }

    private static void assertRefused(TestServer server, String body, String field) {
        HttpResult result = server.put("/api/v1/alerts/channels/c", body, server.adminToken());
        assertEquals(400, result.status(), body + " -> " + result.body());
        assertEquals(field, result.json().at("/error/details/field").asText(), body + " -> " + result.body());
        assertTrue(result.errorMessage().startsWith(field + ": "), result.body());
    }

    @Test
    void theTestButtonSendsNowAndAnswersTheOutcome() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, yaml("  []\n"))) {
            TestServer server = h.server;
            assertEquals(201, server.put("/api/v1/alerts/channels/good", apiHook(""), server.adminToken()).status());
            assertEquals(201, server.put("/api/v1/alerts/channels/bad", "{\"type\": \"slack\", \"url\": \""
                    + url("/fail/" + URL_KEY) + "\"}", server.adminToken()).status());

            HttpResult ok = server.post("/api/v1/alerts/channels/good/test", null, server.adminToken());
            assertEquals(200, ok.status(), ok.body());
            JsonNode delivered = ok.json().get("delivery");
            assertEquals("delivered", delivered.get("outcome").asText());
            assertEquals(200, delivered.get("status_code").asInt());
            assertTrue(delivered.get("duration_ms").asDouble() >= 0, ok.body());
            assertTrue(delivered.get("error").isNull(), ok.body());
            assertEquals("test", delivered.get("change").asText());
            JsonNode sent = receiver.requests().get(0).json();
            assertEquals("test", sent.get("event").asText(), sent.toString());

            HttpResult failed = server.post("/api/v1/alerts/channels/bad/test", null, server.adminToken());
            assertEquals(200, failed.status(), "the test ran; its outcome says the channel failed: " + failed.body());
            JsonNode gaveUp = failed.json().get("delivery");
            assertEquals("gave_up", gaveUp.get("outcome").asText());
            assertEquals(500, gaveUp.get("status_code").asInt());
            assertTrue(gaveUp.get("error").asText().contains("out of order"), failed.body());
            assertNoSecret("the test's answer", failed.body());

            int closedPort;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            assertEquals(201, server.put("/api/v1/alerts/channels/gone", "{\"type\": \"webhook\", \"url\": "
                    + "\"http://127.0.0.1:" + closedPort + "/hook/" + URL_KEY + "\"}", server.adminToken()).status());
            JsonNode unreachable = server.post("/api/v1/alerts/channels/gone/test", null, server.adminToken()).json()
                    .get("delivery");
            assertEquals("gave_up", unreachable.get("outcome").asText(), unreachable.toString());
            assertEquals("cannot connect to 127.0.0.1:" + closedPort + " (connection refused)",
                         unreachable.get("error").asText(), "the JDK's ConnectException says nothing by itself");
            assertNoSecret("the unreachable test's answer", unreachable.toString());

            JsonNode recorded = server.get("/api/v1/alerts/deliveries", server.viewerToken()).json().get("deliveries");
            assertEquals(3, recorded.size(), recorded.toString());
            recorded = server.get("/api/v1/alerts/deliveries?outcome=gave_up&channel=bad", server.viewerToken()).json()
                    .get("deliveries");
            assertEquals(1, recorded.size(), recorded.toString());
            recorded = server.get("/api/v1/alerts/deliveries?channel=good", server.viewerToken()).json()
                    .get("deliveries");
            assertEquals("delivered", recorded.get(0).get("outcome").asText(), recorded.toString());
            assertEquals("test", recorded.get(0).get("change").asText(), recorded.toString());
        }
    }

    @Test
    void aStoredChannelThatCanNoLongerBeReadIsLoggedAndSkipped() throws Exception {
        try (LogCapture log = LogCapture.start();
             Harness h = Harness.start(TestDatabase.SQLITE, yaml(fileChannels()))) {
            TestServer server = h.server;
            assertEquals(201, server.put("/api/v1/alerts/channels/team-hook", apiHook(""), server.adminToken())
                    .status());
            // As if a later version refused what an earlier one stored (here: a type it no longer knows).
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO alerts_channels "
                         + "(name, body, updated_at, updated_by) VALUES ('fax', ?, 0, 'old-version')")) {
                insert.setString(1, "{\"name\": \"fax\", \"type\": \"fax\", \"url\": \"https://fax/" + URL_KEY
                        + "\"}");
                insert.executeUpdate();
            }
            JsonNode listed = server.get("/api/v1/alerts/channels", server.viewerToken()).json();
            assertEquals(3, listed.get("count").asInt(), "the others stay in force: " + listed);
            assertFalse(log.linesWith("stored channel fax cannot be read and is ignored").isEmpty(),
                        String.join("\n", log.lines()));

            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            TestServer.await(WAIT, "notifications despite the unreadable channel",
                             () -> receiver.requests().size() == 2);
            assertNoSecret("the log", String.join("\n", log.lines()));
        }
    }

    @Test
    void anApiChannelReceivesTheNextFiredAlertAndADisabledOverrideSilencesAFileChannel() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, yaml(fileChannels()))) {
            TestServer server = h.server;
            assertEquals(201, server.put("/api/v1/alerts/channels/team-hook", apiHook(""), server.adminToken())
                    .status());
            assertEquals(201, server.put("/api/v1/alerts/channels/file-hook", "{\"type\": \"webhook\", "
                    + "\"enabled\": false}", server.adminToken()).status());

            h.step("test.disk_percent", Map.of("mount", "/"), 97);
            long id = h.activeAlerts().get(0).get("id").asLong();
            TestServer.await(WAIT, "the API channel's notification", () -> !receiver.requests().isEmpty());
            LocalReceiver.Request fired = receiver.requests().get(0);
            assertEquals("/hook/" + URL_KEY, fired.path());
            assertEquals(TOKEN, fired.header("X-Token"));
            assertEquals("fired", fired.json().get("event").asText());
            assertEquals(id, fired.json().at("/alert/id").asLong());
            TestServer.await(WAIT, "the deliveries recorded", () -> server.get("/api/v1/alerts/deliveries?alert_id="
                    + id, server.viewerToken()).json().get("count").asInt() == 2);
            JsonNode deliveries = server.get("/api/v1/alerts/deliveries?alert_id=" + id, server.viewerToken()).json();
            deliveries.get("deliveries").forEach(d -> assertTrue(List.of("team-hook", "journal")
                    .contains(d.get("channel").asText()), "the disabled file-hook sent nothing: " + deliveries));
            assertEquals(1, receiver.requests().size(),
                         "nothing to the overridden file channel: " + receiver.requests());
        }
    }
}
