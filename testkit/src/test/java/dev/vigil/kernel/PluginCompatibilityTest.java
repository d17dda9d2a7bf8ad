package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.api.ApiVersion;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins built elsewhere, as plain jars: each declares the plugin API it was built for (Plugin-Requires), and the
 * kernel runs only those built for its own.
 */
class PluginCompatibilityTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    Path jars;

    @Test
    void thePluginApiVersionIsInTheStatusAndIsARelease() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            HttpResult status = server.get("/api/v1/admin/status", server.viewerToken());
            assertEquals(200, status.status(), status.body());
            String api = status.json().path("plugin_api_version").asText();
            assertEquals(ApiVersion.current(), api);
            assertTrue(api.matches("\\d+\\.\\d+\\.\\d+"), "a release version, so ^x.y.z ranges admit it: " + api);
        }
    }

    @Test
    void aPlainJarBuiltForThisApiStartsAndServesItsRoute() throws Exception {
        Path jar = pinger("pinger", "^" + ApiVersion.current());
        try (TestServer server = TestServer.builder().start()) {
            server.installPlugin(jar, "pinger-1.0.0.jar");
            TestServer.await(FIVE_SECONDS, "pinger to answer",
                             () -> server.get("/api/v1/pinger/ping", server.viewerToken()).status() == 200);
            assertEquals("pong", server.get("/api/v1/pinger/ping", server.viewerToken()).json().get("answer").asText());
            assertEquals("STARTED", plugin(server, "pinger").get("state").asText());
        }
    }

    @Test
    void aPluginWithoutPluginRequiresStillLoads() throws Exception {
        Path jar = pinger("pinger", null);
        try (TestServer server = TestServer.builder().plugin(jar).start()) {
            assertEquals("STARTED", plugin(server, "pinger").get("state").asText(), plugin(server, "pinger").toString());
        }
    }

    @Test
    void aPluginBuiltForAnotherApiIsFailedNamingBothVersionsAndTheOthersRun() throws Exception {
        Path incompatible = pinger("future", "^9.0.0");
        Path compatible = pinger("pinger", "^" + ApiVersion.current());
        try (LogCapture log = LogCapture.start();
             TestServer server = TestServer.builder().plugin(incompatible).plugin(compatible).start()) {
            JsonNode future = plugin(server, "future");
            assertEquals("FAILED", future.get("state").asText(), future.toString());
            String error = future.get("error").asText();
            assertTrue(error.contains("^9.0.0") && error.contains(ApiVersion.current()), error);
            assertEquals("1.0.0", future.get("version").asText(), "the descriptor is still shown");
            HttpResult route = server.get("/api/v1/future/ping", server.viewerToken());
            assertEquals("plugin_unavailable", route.errorCode(), route.body());
            assertEquals(1, log.linesWith("plugin future 1.0.0 (file ").stream()
                    .filter(line -> line.contains("FAILED") && line.contains("^9.0.0")).count(), log.lines().toString());

            assertEquals("STARTED", plugin(server, "pinger").get("state").asText());
            assertEquals(200, server.get("/api/v1/pinger/ping", server.viewerToken()).status());
            HttpResult start = server.post("/api/v1/admin/plugins/future/start", null, server.adminToken());
            assertEquals(409, start.status(), start.body());
            assertTrue(start.errorMessage().contains("^9.0.0"), start.body());
        }
    }

    @Test
    void aRangeThatIsNoRangeIsFailedSayingSo() throws Exception {
        Path jar = pinger("pinger", "0.1 or so");
        try (TestServer server = TestServer.builder().plugin(jar).start()) {
            JsonNode pinger = plugin(server, "pinger");
            assertEquals("FAILED", pinger.get("state").asText(), pinger.toString());
            assertTrue(pinger.get("error").asText().contains("'0.1 or so' is not a version range"), pinger.toString());
        }
    }

    private Path pinger(String id, String requires) throws Exception {
        PluginJarBuilder builder = PluginJarBuilder.plugin(id, "1.0.0").source("test." + id + ".PingPlugin", """
                package test.%s;

                import java.util.Map;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import org.pf4j.Extension;

                @Extension
                public class PingPlugin implements VigilPlugin {
                    private PluginContext context;
                    public void start(PluginContext context) {
                        this.context = context;
                    }
                    public void routes(PluginRoutes routes) {
                        routes.get("/ping", Role.VIEWER, (req, res) -> context.json().send(res, Map.of("answer", "pong")));
                    }
                }
                """.formatted(id));
        if (requires != null) {
            builder.manifest("Plugin-Requires", requires);
        }
        return builder.build(jars.resolve(id + "-" + (requires == null ? "any" : Integer.toHexString(requires.hashCode()))
                                                  + ".jar"));
    }

    private static JsonNode plugin(TestServer server, String id) {
        HttpResult result = server.get("/api/v1/admin/plugins/" + id, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }
}
