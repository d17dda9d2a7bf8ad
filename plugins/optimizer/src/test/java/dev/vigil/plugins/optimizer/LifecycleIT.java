package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unloading, PostgreSQL, and bad input. */
class LifecycleIT {

    @TempDir
    static Path jars;
    static Path gen;

    @BeforeAll
    static void buildGenerator() throws Exception {
        gen = GeneratorPlugin.build(jars);
    }

    @Test
    void unloadingAfterTrainingLeavesNoThreadAndReleasesTheClassLoader() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen).start()) {
            SyntheticHistory.History history = SyntheticHistory.generate(Instant.now(), 60, 3, 8);
            Feed.resourceHistory(server, history);
            Feed.requests(server, history.events());
            OptimizerPluginIT.train(server);
            OptimizerPluginIT.predict(server, "{\"service\":\"shop\",\"method\":\"GET\",\"endpoint\":\"/orders\"}");
            assertTrue(optimizerThreads().count() > 0, "the Weka thread runs while the plugin does");

            server.removePlugin(pluginFile(server));
            TestServer.await(Duration.ofSeconds(10), "the optimizer to unload",
                             () -> server.get("/api/v1/optimizer/status", server.viewerToken()).status() == 404);
            TestServer.await(Duration.ofSeconds(10), "the optimizer's threads to end",
                             () -> optimizerThreads().findAny().isEmpty());
            TestServer.await(Duration.ofSeconds(30), "the unloaded class loader (and Weka's statics) to be collected",
                             () -> {
                                 System.gc();
                                 return server.get("/api/v1/admin/status", server.viewerToken()).json()
                                         .path("plugins").path("unreleased_class_loaders").asInt() == 0;
                             });
        }
    }

    @Test
    void trainsOnItsScheduleOnceThereIsEnoughData() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen)
                .config("optimizer", "training-interval: 1h\nmin-training-records: 200\n").start()) {
            SyntheticHistory.History history = SyntheticHistory.generate(Instant.now(), 30, 3, 12);
            Feed.requests(server, history.events());
            HttpResult run = server.post("/api/v1/admin/plugins/optimizer/tasks/train/run", null, server.adminToken());
            assertTrue(run.status() < 300, run.body());
            JsonNode model = TestServer.awaitValue(Duration.ofSeconds(60), "a scheduled training", () -> {
                JsonNode models = server.get("/api/v1/optimizer/models", server.viewerToken()).json();
                return models.get("models").isEmpty() ? null : models.at("/models/0");
            });
            assertEquals("schedule", model.at("/details/trigger").asText());
            assertEquals(history.events().size(), model.get("records").asInt());

            // The model is fresh: the next check finds nothing due and starts no job.
            server.post("/api/v1/admin/plugins/optimizer/tasks/train/run", null, server.adminToken());
            TestServer.await(Duration.ofSeconds(10), "the second check to run", () -> trainTaskRuns(server) >= 2);
            assertEquals(1, server.get("/api/v1/optimizer/jobs", server.viewerToken()).json().get("jobs").size());
        }
    }

    @Test
    void worksOnPostgresql() throws Exception {
        assumeTrue(TestDatabase.POSTGRESQL.available(), "VIGIL_TEST_POSTGRES_URL is not set");
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen)
                .database(TestDatabase.POSTGRESQL).start()) {
            SyntheticHistory.History history = SyntheticHistory.generate(Instant.now(), 120, 3, 9);
            Feed.resourceHistory(server, history);
            Feed.requests(server, history.events());
            // The same records twice: per-minute totals add up rather than conflict.
            Feed.requests(server, history.events().subList(0, 10));
            long version = OptimizerPluginIT.train(server).at("/result/version").asLong();

            JsonNode anomalies = server.get("/api/v1/optimizer/anomalies", server.viewerToken()).json();
            assertTrue(anomalies.get("anomalies").size() >= history.anomalies().size(), anomalies.toString());
            JsonNode advice = server.get("/api/v1/optimizer/recommendations", server.viewerToken()).json();
            assertEquals(java.util.Set.of("GET " + SyntheticHistory.ORDERS),
                         OptimizerPluginIT.routesOf(advice, "latency_grows_with_queries"));
            OptimizerPluginIT.predict(server, "{\"service\":\"shop\",\"method\":\"GET\",\"endpoint\":\"/orders\"}");
            assertEquals(1, server.get("/api/v1/optimizer/predictions", server.viewerToken()).json()
                    .at("/summary/predictions").asInt());

            server.restart();
            assertEquals(version, (long) TestServer.awaitValue(Duration.ofSeconds(20), "the model after a restart",
                    () -> {
                        JsonNode models = server.get("/api/v1/optimizer/models", server.viewerToken()).json();
                        return models.get("in_use").isNull() ? null : models.get("in_use").asLong();
                    }));
        }
    }

    @Test
    void badInputIsRefusedNamingTheProblem() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            assertBadRequest(server.post("/api/v1/optimizer/predict", "{\"service\":\"shop\",\"method\":\"GET\"}",
                                         server.viewerToken()), "endpoint: is required");
            assertBadRequest(server.post("/api/v1/optimizer/predict", "{\"service\":\"shop\",\"method\":\"GET\","
                    + "\"endpoint\":\"/a\",\"cpu_percent\":150}", server.viewerToken()), "cpu_percent:");
            assertBadRequest(server.post("/api/v1/optimizer/predict", "{\"service\":\"shop\",\"method\":\"GET\","
                    + "\"endpoint\":\"/a\",\"query_count\":\"many\"}", server.viewerToken()), "query_count:");
            assertBadRequest(server.post("/api/v1/optimizer/predict", "{\"service\":\"shop\",\"method\":\"GET\","
                    + "\"endpoint\":\"/a\",\"querys\":3}", server.viewerToken()), "querys:");
            assertBadRequest(server.post("/api/v1/optimizer/predict", "[1,2]", server.viewerToken()), "JSON object");
            assertBadRequest(server.get("/api/v1/optimizer/anomalies?hours=0", server.viewerToken()), "'hours'");
            assertBadRequest(server.get("/api/v1/optimizer/anomalies?min_score=0.1", server.viewerToken()),
                             "'min_score'");
            assertBadRequest(server.get("/api/v1/optimizer/predictions?source=guess", server.viewerToken()),
                             "'source'");
            assertEquals(404, server.get("/api/v1/optimizer/jobs/nope", server.viewerToken()).status());
            assertEquals(401, server.get("/api/v1/optimizer/models", null).status());

            // An invalid config edit is refused and the previous config stays in force.
            server.writeConfig("optimizer", "anomaly-cut: 1.5\n");
            TestServer.await(Duration.ofSeconds(5), "the invalid edit to be reported", () -> server.get(
                    "/api/v1/admin/plugins/optimizer", server.viewerToken()).body().contains("anomaly-cut"));
            assertEquals(OptimizerConfig.DEFAULTS.anomalyCut(),
                         server.get("/api/v1/optimizer/anomalies", server.viewerToken()).json().get("cut").asDouble());
        }
    }

    private static long trainTaskRuns(TestServer server) {
        for (JsonNode task : server.get("/api/v1/admin/plugins/optimizer", server.viewerToken()).json().path("tasks")) {
            if (task.path("name").asText().equals("train") && !task.path("running").asBoolean()) {
                return task.path("runs").asLong();
            }
        }
        return 0;
    }

    private static void assertBadRequest(HttpResult result, String mentions) {
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().contains(mentions), result.errorMessage());
    }

    private static Stream<Thread> optimizerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("vigil-optimizer"));
    }

    private static String pluginFile(TestServer server) throws Exception {
        try (Stream<Path> files = Files.list(server.pluginsDir())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("optimizer")).toList();
            assertEquals(1, names.size(), names.toString());
            return names.get(0);
        }
    }
}
