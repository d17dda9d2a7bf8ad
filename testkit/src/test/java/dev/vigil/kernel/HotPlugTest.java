package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars dropped in, replaced and removed while the server runs. */
class HotPlugTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path jars;
    static Path greeterV1;
    static Path greeterV2;

    @BeforeAll
    static void buildPlugins() throws Exception {
        greeterV1 = TestPlugins.greeter(jars, 1);
        greeterV2 = TestPlugins.greeter(jars, 2);
    }

    @Test
    void droppedJarServesWithinFiveSecondsThenReplacedThenRemoved() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            assertEquals(404, server.get("/api/v1/greeter/hello", server.viewerToken()).status(),
                         "no route before the jar is there");

            server.installPlugin(greeterV1, "greeter.jar");
            JsonNode v1 = TestServer.awaitValue(FIVE_SECONDS, "greeter v1 to answer", () -> answer(server));
            assertEquals(1, v1.get("version").asInt());

            server.installPlugin(greeterV2, "greeter.jar");
            TestServer.await(FIVE_SECONDS, "greeter v2 to answer", () -> {
                JsonNode answer = answer(server);
                return answer != null && answer.get("version").asInt() == 2;
            });

            server.removePlugin("greeter.jar");
            TestServer.await(FIVE_SECONDS, "greeter routes to be gone",
                             () -> server.get("/api/v1/greeter/hello", server.viewerToken()).status() == 404);
            HttpResult plugins = server.get("/api/v1/admin/plugins", server.viewerToken());
            assertEquals(0, plugins.json().get("plugins").size(), plugins.body());
        }
    }

    @Test
    void corruptFilesLeaveNoWorkingCopyOnceRemoved() throws Exception {
        byte[] jar = Files.readAllBytes(greeterV1);
        try (TestServer server = TestServer.builder().start()) {
            Path work = server.root().resolve("data/plugin-work");
            Files.write(server.pluginsDir().resolve("noise.zip"), new byte[] {1, 2, 3, 4});
            Files.write(server.pluginsDir().resolve("noise.jar"), new byte[] {1, 2, 3, 4});
            Files.write(server.pluginsDir().resolve("truncated.zip"), java.util.Arrays.copyOf(jar, jar.length / 2));
            TestServer.await(FIVE_SECONDS, "the three files to fail", () -> server.get("/api/v1/admin/plugins",
                    server.viewerToken()).json().get("plugins").findValuesAsText("state").stream()
                    .filter("FAILED"::equals).count() == 3);

            for (String name : List.of("noise.zip", "noise.jar", "truncated.zip")) {
                server.removePlugin(name);
            }
            TestServer.await(FIVE_SECONDS, "the failed files to be forgotten", () -> server.get(
                    "/api/v1/admin/plugins", server.viewerToken()).json().get("plugins").isEmpty());
            try (Stream<Path> left = Files.list(work)) {
                assertEquals(List.of(), left.map(path -> path.getFileName().toString()).toList(),
                             "working copies left in " + work);
            }
        }
    }

    @Test
    void unloadedPluginReleasesItsClassLoaderAndStopsItsTasks() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeterV1).start()) {
            TestServer.await(FIVE_SECONDS, "the tick task to run",
                             () -> ticks(server) > 0);
            Files.delete(server.pluginsDir().resolve(greeterV1.getFileName()));
            TestServer.await(FIVE_SECONDS, "greeter to unload",
                             () -> server.get("/api/v1/greeter/hello", server.viewerToken()).status() == 404);
            TestServer.await(Duration.ofSeconds(20), "the unloaded class loader to be collected", () -> {
                System.gc();
                return server.get("/api/v1/admin/status", server.viewerToken()).json().path("plugins")
                        .path("unreleased_class_loaders").asInt() == 0;
            });
        }
    }

    @Test
    void otherPluginsKeepServingWhileOneIsReplaced() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeterV1).start()) {
            Path troubled = TestPlugins.troubled(jars);
            server.installPlugin(troubled, "troubled.jar");
            TestServer.await(FIVE_SECONDS, "troubled to start",
                             () -> server.get("/api/v1/troubled/slow-task", server.viewerToken()).status() == 200);
            server.installPlugin(troubled, "troubled.jar"); // same content, new file: a reload
            for (int i = 0; i < 50; i++) {
                assertEquals(200, server.get("/api/v1/greeter/hello", server.viewerToken()).status());
            }
        }
    }

    @Test
    void adminReloadStartsAFreshInstance() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeterV1).start()) {
            TestServer.await(FIVE_SECONDS, "ticks", () -> ticks(server) >= 3);
            HttpResult reload = server.post("/api/v1/admin/plugins/greeter/reload", null, server.adminToken());
            assertEquals(200, reload.status(), reload.body());
            assertEquals("STARTED", reload.json().get("state").asText());
            long ticks = ticks(server);
            assertTrue(ticks < 3, "a reloaded plugin starts from a fresh instance, saw " + ticks + " ticks");
        }
    }

    private static long ticks(TestServer server) {
        HttpResult result = server.get("/api/v1/greeter/ticks", server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json().get("ticks").asLong();
    }

    private static JsonNode answer(TestServer server) {
        HttpResult result = server.get("/api/v1/greeter/hello", server.viewerToken());
        return result.status() == 200 ? result.json() : null;
    }
}
