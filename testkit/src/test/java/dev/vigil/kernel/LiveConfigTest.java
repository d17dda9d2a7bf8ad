package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits to config/plugins/<id>.yaml while the server runs. */
class LiveConfigTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path jars;
    static Path greeter;

    @BeforeAll
    static void build() throws Exception {
        greeter = TestPlugins.greeter(jars, 1);
    }

    @Test
    void aValidEditIsAppliedAndInvalidOnesKeepThePreviousConfigWithTheErrorShown() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeter).config("greeter", "message: hi\nrepeat: 2\n")
                .start()) {
            assertEquals("hihi", message(server));

            server.writeConfig("greeter", "message: hey\nrepeat: 3\n");
            TestServer.await(FIVE_SECONDS, "the edit to apply", () -> "heyheyhey".equals(message(server)));

            assertRejected(server, "message: [unclosed\n", "not valid YAML");
            assertRejected(server, "message: hey\nrepeat: lots\n", "key 'repeat': cannot be read from 'lots' (expected a whole number)");
            assertRejected(server, "message: hey\ncolour: red\n", "key 'colour': unknown key");
            assertRejected(server, "message: hey\nrepeat: 0\n", "repeat must be at least 1");

            server.writeConfig("greeter", "message: back\n");
            TestServer.await(FIVE_SECONDS, "a valid edit after invalid ones", () -> "back".equals(message(server)));
            assertTrue(config(server).get("error").isNull(), "a valid edit clears the error");
        }
    }

    @Test
    void aPluginWhoseConfigIsInvalidAtStartFailsAndStartsOnceTheFileIsFixed() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeter).config("greeter", "repeat: -1\n").start()) {
            JsonNode plugin = server.get("/api/v1/admin/plugins/greeter", server.viewerToken()).json();
            assertEquals("FAILED", plugin.get("state").asText());
            assertTrue(plugin.get("error").asText().contains("repeat must be at least 1"), plugin.toString());

            server.writeConfig("greeter", "repeat: 1\nmessage: fixed\n");
            TestServer.await(FIVE_SECONDS, "the plugin to start with the fixed file",
                             () -> "fixed".equals(message(server)));
        }
    }

    private static void assertRejected(TestServer server, String yaml, String expectedError) throws Exception {
        server.writeConfig("greeter", yaml);
        JsonNode config = TestServer.awaitValue(FIVE_SECONDS, "the error '" + expectedError + "'", () -> {
            JsonNode current = config(server);
            return current.get("error").asText("").contains(expectedError) ? current : null;
        });
        assertEquals("heyheyhey", message(server), "the previous config stays in force");
        assertEquals("hey", config.at("/values/message").asText());
    }

    private static JsonNode config(TestServer server) {
        return server.get("/api/v1/admin/plugins/greeter", server.viewerToken()).json().get("config");
    }

    private static String message(TestServer server) {
        HttpResult result = server.get("/api/v1/greeter/hello", server.viewerToken());
        return result.status() == 200 ? result.json().get("message").asText() : null;
    }
}
