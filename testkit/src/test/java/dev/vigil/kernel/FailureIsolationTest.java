package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that fails, however it fails, is marked with its error; the kernel and the others go on. */
class FailureIsolationTest {

    @TempDir
    static Path jars;
    static Path greeter;

    @BeforeAll
    static void build() throws Exception {
        greeter = TestPlugins.greeter(jars, 1);
    }

    @Test
    void pluginThrowingInStartIsFailedAndTheOthersServe() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeter).plugin(TestPlugins.failingStart(jars))
                .start()) {
            JsonNode failed = plugin(server, "failstart");
            assertEquals("FAILED", failed.get("state").asText());
            assertTrue(failed.get("error").asText().contains("boom at start"), failed.toString());
            assertEquals(0, failed.get("routes").size(), "a failed plugin keeps no routes");

            HttpResult unavailable = server.get("/api/v1/failstart/never", server.viewerToken());
            assertEquals(503, unavailable.status());
            assertEquals("plugin_unavailable", unavailable.errorCode());
            assertEquals(200, server.get("/api/v1/greeter/hello", server.viewerToken()).status());
            assertEquals(1, server.get("/health", null).json().at("/plugins/failed").asInt());
        }
    }

    @Test
    void throwingTaskAndRouteAreCountedAndShownWhileEverythingKeepsServing() throws Exception {
        try (TestServer server = TestServer.builder().plugin(greeter).plugin(TestPlugins.troubled(jars)).start()) {
            HttpResult exploded = server.get("/api/v1/troubled/explode", server.viewerToken());
            assertEquals(500, exploded.status());
            assertEquals("internal_error", exploded.errorCode());
            assertFalse(exploded.body().contains("IllegalStateException") || exploded.body().contains("at test."),
                        "no exception details reach the client: " + exploded.body());

            JsonNode task = TestServer.awaitValue(Duration.ofSeconds(5), "the exploding task to fail twice", () -> {
                for (JsonNode each : plugin(server, "troubled").get("tasks")) {
                    if (each.get("name").asText().equals("explode") && each.get("failures").asInt() >= 2) {
                        return each;
                    }
                }
                return null;
            });
            assertTrue(task.get("last_error").asText().contains("task exploded"), task.toString());

            JsonNode troubled = plugin(server, "troubled");
            assertEquals("STARTED", troubled.get("state").asText());
            assertEquals("degraded", troubled.get("health").asText());
            assertTrue(troubled.at("/failures/failures").asInt() >= 3, troubled.toString());
            assertEquals(200, server.get("/api/v1/greeter/hello", server.viewerToken()).status());
            assertEquals("ok", plugin(server, "greeter").get("health").asText());
        }
    }

    @Test
    void aTaskThatOverrunsItsIntervalNeverRunsTwiceAtOnce() throws Exception {
        try (TestServer server = TestServer.builder().plugin(TestPlugins.troubled(jars)).start()) {
            TestServer.await(Duration.ofSeconds(10), "three slow runs", () -> server
                    .get("/api/v1/troubled/slow-task", server.viewerToken()).json().get("runs").asInt() >= 3);
            assertEquals(1, server.get("/api/v1/troubled/slow-task", server.viewerToken()).json()
                    .get("most_at_once").asInt());
            for (JsonNode task : plugin(server, "troubled").get("tasks")) {
                if (task.get("name").asText().equals("slow")) {
                    assertTrue(task.get("skipped_overruns").asInt() > 0, task.toString());
                }
            }
        }
    }

    @Test
    void filesThatAreNotValidPluginsAreListedAsFailedWithTheReason() throws Exception {
        Path garbage = Files.write(jars.resolve("garbage.jar"), new byte[] {1, 2, 3, 4});
        Path bundlesApi = PluginJarBuilder.plugin("bundler", "1.0.0")
                .source("test.bundler.Bundler", """
                        package test.bundler;
                        @org.pf4j.Extension
                        public class Bundler implements dev.vigil.api.VigilPlugin {
                        }
                        """).build(jars.resolve("bundler-base.jar"));
        Path bundler = withApiClassesAdded(bundlesApi, jars.resolve("bundler.jar"));
        Path anonymous = jars.resolve("anonymous.jar");
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(anonymous))) {
            jar.putNextEntry(new java.util.jar.JarEntry("readme.txt"));
            jar.write("no descriptor here".getBytes());
        }
        try (TestServer server = TestServer.builder().plugin(greeter).plugin(garbage).plugin(bundler)
                .plugin(anonymous).start()) {
            JsonNode garbageView = plugin(server, "garbage.jar");
            assertEquals("FAILED", garbageView.get("state").asText());
            assertEquals("not a valid plugin: the file is not a jar or zip archive",
                         garbageView.get("error").asText());

            assertTrue(plugin(server, "anonymous.jar").get("error").asText().contains("no plugin descriptor"));

            JsonNode bundlerView = plugin(server, "bundler");
            assertEquals("FAILED", bundlerView.get("state").asText());
            assertTrue(bundlerView.get("error").asText().contains("provided"), bundlerView.toString());
            assertEquals(200, server.get("/api/v1/greeter/hello", server.viewerToken()).status());
        }
    }

    /** A copy of {@code jar} that also carries the plugin API's VigilPlugin class, as a wrongly packaged plugin would. */
    private static Path withApiClassesAdded(Path jar, Path target) throws Exception {
        String api = "dev/vigil/api/VigilPlugin.class";
        byte[] apiClass;
        try (var in = dev.vigil.api.VigilPlugin.class.getClassLoader().getResourceAsStream(api)) {
            apiClass = in.readAllBytes();
        }
        try (var source = new java.util.jar.JarFile(jar.toFile());
             var out = new java.util.jar.JarOutputStream(Files.newOutputStream(target), source.getManifest())) {
            for (var entries = source.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                out.write(source.getInputStream(entry).readAllBytes());
                out.closeEntry();
            }
            out.putNextEntry(new java.util.jar.JarEntry(api));
            out.write(apiClass);
            out.closeEntry();
        }
        return target;
    }

    private static JsonNode plugin(TestServer server, String id) {
        HttpResult result = server.get("/api/v1/admin/plugins/" + id, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }
}
