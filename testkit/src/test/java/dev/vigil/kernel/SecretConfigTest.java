package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config keys a plugin declares {@code @Secret} are never shown as they are: not in views, errors or logs. */
class SecretConfigTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
    private static final List<String> SECRETS = List.of("AKIA-SECRET-1", "KEY-2", "TOKEN-3");
    private static final String CONFIG = """
            label: shown
            api-key: AKIA-SECRET-1
            channels:
              - name: slack
                url: https://hooks.example.com/services/T0/KEY-2
                headers: {Authorization: Bearer TOKEN-3, X-Team: ops}
            """;
    private static final String REFUSED = CONFIG.replace("name: slack", "name: bad");

    @TempDir
    static Path jars;
    static Path secretive;

    @BeforeAll
    static void build() throws Exception {
        secretive = TestPlugins.secretive(jars);
    }

    @Test
    void everyRoleSeesSecretValuesMaskedButTheirShape() throws Exception {
        try (TestServer server = TestServer.builder().plugin(secretive).config("secretive", CONFIG).start()) {
            for (String token : List.of(server.viewerToken(), server.adminToken())) {
                for (String path : List.of("/api/v1/admin/plugins", "/api/v1/admin/plugins/secretive")) {
                    HttpResult result = server.get(path, token);
                    assertEquals(200, result.status(), result.body());
                    assertNoSecret(result.body());
                }
            }
            JsonNode values = server.get("/api/v1/admin/plugins/secretive", server.viewerToken()).json()
                    .at("/config/values");
            assertEquals("shown", values.get("label").asText(), "keys not declared secret show as they are");
            assertEquals("***", values.get("api-key").asText());
            JsonNode channel = values.at("/channels/0");
            assertEquals("slack", channel.get("name").asText());
            assertEquals("https://hooks.example.com/***", channel.get("url").asText(), "scheme and host stay readable");
            assertEquals("***", channel.at("/headers/Authorization").asText(), "header names stay, values go");
            assertEquals("***", channel.at("/headers/X-Team").asText());
        }
    }

    @Test
    void aRefusedConfigNeverRepeatsASecretInItsErrorOrTheLog() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            try (TestServer server = TestServer.builder().plugin(secretive).config("secretive", REFUSED).start()) {
                JsonNode plugin = server.get("/api/v1/admin/plugins/secretive", server.viewerToken()).json();
                assertEquals("FAILED", plugin.get("state").asText());
                String error = plugin.get("error").asText();
                assertTrue(error.contains("channel bad: https://hooks.example.com/*** refused"), error);
                assertNoSecret(plugin.toString());

                server.writeConfig("secretive", CONFIG);
                TestServer.await(FIVE_SECONDS, "the fixed file to start the plugin", () -> "STARTED".equals(
                        server.get("/api/v1/admin/plugins/secretive", server.viewerToken()).json().get("state")
                                .asText()));
                server.writeConfig("secretive", REFUSED);
                JsonNode config = TestServer.awaitValue(FIVE_SECONDS, "the edit to be rejected", () -> {
                    JsonNode shown = server.get("/api/v1/admin/plugins/secretive", server.viewerToken()).json()
                            .get("config");
                    return shown.get("error").isNull() ? null : shown;
                });
                assertTrue(config.get("error").asText().contains("https://hooks.example.com/***"), config.toString());
                assertNoSecret(config.toString());
            }
            assertFalse(log.linesWith("channel bad").isEmpty(), "the refusals are logged");
            assertNoSecret(String.join("\n", log.lines()));
        }
    }

    private static void assertNoSecret(String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), "'" + secret + "' shown in: " + text);
        }
    }
}
