package dev.vigil.plugins.otlp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/** A real server with this plugin and the plugins that own what it hands over, as the distribution runs them. */
final class Owners {

    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * A short quiet window, so that a trace whose spans have all arrived is assembled soon after its last one; the
     * orphan wait stays long enough that a request span exported after its database calls is never late for them
     * on a busy machine.
     */
    static final String OTLP_CONFIG = """
            quiet-window: 300ms
            orphan-wait: 15s
            """;

    private Owners() {
    }

    static TestServer.Builder server(TestDatabase database, String otlpConfig) {
        return TestServer.builder().pluginUnderTest().database(database)
                .plugin(zip("requests")).plugin(zip("queries")).plugin(zip("errors")).plugin(zip("alerts"))
                .config("otlp", otlpConfig)
                .config("queries", "request-window: 300ms\n")
                .config("requests", "slow-request-ms: 100\n")
                .config("alerts", "evaluation-interval: 1h\n");
    }

    static Path zip(String plugin) {
        String directory = System.getProperty("otlp.owner.zips");
        if (directory == null) {
            throw new IllegalStateException("otlp.owner.zips is not set: run this as an integration test (mvn verify)");
        }
        Path zip = Path.of(directory, "vigil-plugin-" + plugin + ".zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException(zip + " is missing: the owning plugins are copied there by mvn verify");
        }
        return zip;
    }

    /** Polls a GET until {@code found} picks a value out of its JSON; on a timeout, says what the intake holds. */
    static JsonNode await(TestServer server, String path, java.util.function.Function<JsonNode, JsonNode> found) {
        try {
            return TestServer.awaitValue(WAIT, path, () -> {
                HttpResult result = server.get(path, server.viewerToken());
                if (result.status() != 200) {
                    return null;
                }
                JsonNode value = found.apply(result.json());
                return value == null || value.isMissingNode() || value.isNull() ? null : value;
            });
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; last answer: "
                    + server.get(path, server.viewerToken()).body() + "; otlp status: "
                    + server.get("/api/v1/otlp/status", server.viewerToken()).body(), timedOut);
        }
    }

    /** The first element of {@code array} whose {@code field} has {@code value}, else null. */
    static JsonNode first(JsonNode array, String field, String value) {
        if (array == null) {
            return null;
        }
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }
}
