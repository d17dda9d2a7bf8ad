package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.vigil.api.services.QueryInsights;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged optimizer inside a real kernel, fed a generated history with known structure (see
 * {@link SyntheticHistory}) by the throwaway {@code gen} plugin.
 */
class OptimizerPluginIT {

    /**
     * Four hours of traffic, three requests per endpoint and minute: 2,880 requests, enough for the structure to
     * show and small enough to train in a few seconds.
     */
    static final int MINUTES = 240;

    @TempDir
    static Path jars;
    static Path gen;

    @BeforeAll
    static void buildGenerator() throws Exception {
        gen = GeneratorPlugin.build(jars);
    }

    @Test
    void learnsTheStructureFlagsTheInjectedMinutesAndNamesTheRightEndpoints() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen).start()) {
            SyntheticHistory.History history = SyntheticHistory.generate(Instant.now(), MINUTES, 3, 7);
            Feed.resourceHistory(server, history);
            Feed.findings(server, List.of(new QueryInsights.QueryFinding(
                    "REPEATED_IDENTICAL", SyntheticHistory.SERVICE, SyntheticHistory.USERS,
                    "select * from settings where id = ?", "select * from settings where id = 1", 12, 5400, 900,
                    Instant.now())));
            Feed.requests(server, history.events());

            JsonNode result = train(server).get("result");
            JsonNode models = server.get("/api/v1/optimizer/models", server.viewerToken()).json();
            JsonNode model = models.at("/models/0");
            assertEquals(result.get("version").asLong(), models.get("in_use").asLong());
            assertEquals(history.events().size(), model.get("records").asInt());
            // Bound: within 0.05 of a perfect model's correlation on this history (noise and the injected anomalies
            // cannot be predicted), and well above a model that knows only the endpoint (which misses the query and
            // CPU dependence).
            double correlation = model.at("/details/metrics/correlation").asDouble();
            double best = SyntheticHistory.bestPossibleCorrelation(history);
            double endpointOnly = SyntheticHistory.endpointOnlyCorrelation(history);
            assertTrue(correlation >= best - 0.05 && correlation >= endpointOnly + 0.1,
                       "cross-validated correlation " + correlation + ", best possible " + best
                               + ", endpoint only " + endpointOnly);
            assertTrue(model.at("/details/metrics/mae_ms").asDouble()
                               < model.at("/details/metrics/baseline_mae_ms").asDouble() / 3, model.toString());
            Set<String> topFeatures = new HashSet<>();
            model.at("/details/feature_importance").forEach(f -> {
                if (topFeatures.size() < 5) {
                    topFeatures.add(f.get("feature").asText());
                }
            });
            assertTrue(topFeatures.contains("cpu_percent") && topFeatures.contains("query_count"),
                       "top features " + topFeatures);
            assertEquals("resource_history", model.at("/details/resources").asText());

            JsonNode anomalies = server.get("/api/v1/optimizer/anomalies?hours=24", server.viewerToken()).json();
            Set<String> injected = history.anomalies().stream()
                    .map(a -> Instant.ofEpochMilli(a.minuteAt()) + " " + a.method() + " " + a.endpoint())
                    .collect(Collectors.toSet());
            Set<String> highest = new HashSet<>();
            for (int i = 0; i < injected.size(); i++) {
                JsonNode a = anomalies.at("/anomalies/" + i);
                highest.add(a.get("minute").asText() + " " + a.get("method").asText() + " " + a.get("endpoint").asText());
            }
            assertEquals(injected, highest, anomalies.toString());

            JsonNode advice = server.get("/api/v1/optimizer/recommendations", server.viewerToken()).json();
            assertEquals(Set.of("GET " + SyntheticHistory.ORDERS), routesOf(advice, "latency_grows_with_queries"));
            assertEquals(Set.of("POST " + SyntheticHistory.REPORTS), routesOf(advice, "latency_tracks_cpu"));
            assertEquals(Set.of("GET " + SyntheticHistory.USERS), routesOf(advice, "high_error_rate"));
            assertEquals(Set.of("null " + SyntheticHistory.USERS), routesOf(advice, "repeated_identical_reads"));
            assertTrue(routesOf(advice, "anomalous_endpoint").contains("GET " + SyntheticHistory.HEALTH),
                       advice.toString());
            assertEquals(1, kinds(advice, "top_model_features").size());
            JsonNode first = advice.at("/recommendations/0");
            assertEquals(1, first.get("rank").asInt());
            assertFalse(first.get("suggestion").asText().isBlank());
            assertTrue(first.get("evidence").size() > 0);

            // The model answers what-if questions with the structure it learnt: 30 more queries, about 120 ms more.
            double few = predict(server, "{\"service\":\"shop\",\"method\":\"GET\",\"endpoint\":\"/orders\","
                    + "\"query_count\":5,\"query_time_ms\":15}").get("predicted_ms").asDouble();
            double many = predict(server, "{\"service\":\"shop\",\"method\":\"GET\",\"endpoint\":\"/orders\","
                    + "\"query_count\":35,\"query_time_ms\":105}").get("predicted_ms").asDouble();
            assertTrue(many - few > 80, "predicted " + few + " ms for 5 queries and " + many + " for 35");

            server.restart();
            JsonNode afterRestart = server.get("/api/v1/optimizer/models", server.viewerToken()).json();
            assertEquals(result.get("version").asLong(), TestServer.awaitValue(
                    Duration.ofSeconds(20), "the model to be loaded after the restart", () -> {
                        JsonNode now = server.get("/api/v1/optimizer/models", server.viewerToken()).json();
                        return now.get("in_use").isNull() ? null : now.get("in_use").asLong();
                    }));
            assertEquals(1, afterRestart.get("models").size());
            double again = predict(server, "{\"service\":\"shop\",\"method\":\"GET\",\"endpoint\":\"/orders\","
                    + "\"query_count\":35,\"query_time_ms\":105}").get("predicted_ms").asDouble();
            assertEquals(many, again, 1e-9, "the restarted server predicts with the same model");
        }
    }

    @Test
    void refusesToTrainOnTooLittleDataSayingHowMuchThereIs() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen).start()) {
            HttpResult empty = server.post("/api/v1/optimizer/train", null, server.adminToken());
            assertEquals(409, empty.status(), empty.body());
            assertTrue(empty.errorMessage().contains("at least 100") && empty.errorMessage().contains("; 0 are"),
                       empty.errorMessage());

            SyntheticHistory.History history = SyntheticHistory.generate(Instant.now(), 5, 2, 3);
            Feed.requests(server, history.events());
            HttpResult few = server.post("/api/v1/optimizer/train", null, server.adminToken());
            assertEquals(409, few.status(), few.body());
            assertEquals(history.events().size(), few.json().at("/error/details/records").asInt());
            assertTrue(server.get("/api/v1/optimizer/models", server.viewerToken()).json().get("models").isEmpty());

            HttpResult asViewer = server.post("/api/v1/optimizer/train", null, server.viewerToken());
            assertEquals(403, asViewer.status(), asViewer.body());
            HttpResult noModel = server.post("/api/v1/optimizer/predict", "{\"service\":\"shop\",\"method\":\"GET\","
                    + "\"endpoint\":\"/orders\"}", server.viewerToken());
            assertEquals(409, noModel.status(), noModel.body());
        }
    }

    static JsonNode train(TestServer server) {
        HttpResult accepted = server.post("/api/v1/optimizer/train", null, server.adminToken());
        assertEquals(202, accepted.status(), accepted.body());
        String id = accepted.json().get("job_id").asText();
        JsonNode done = TestServer.awaitValue(Duration.ofSeconds(120), "training job " + id + " to finish", () -> {
            JsonNode job = server.get("/api/v1/optimizer/jobs/" + id, server.viewerToken()).json();
            String state = job.get("state").asText();
            return state.equals("QUEUED") || state.equals("RUNNING") ? null : job;
        });
        assertEquals("SUCCEEDED", done.get("state").asText(), done.toString());
        assertEquals(1.0, done.get("progress").asDouble());
        assertNotNull(done.get("result"));
        return done;
    }

    static JsonNode predict(TestServer server, String body) {
        HttpResult result = server.post("/api/v1/optimizer/predict", body, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    static List<JsonNode> kinds(JsonNode advice, String kind) {
        List<JsonNode> list = new java.util.ArrayList<>();
        advice.get("recommendations").forEach(r -> {
            if (r.get("kind").asText().equals(kind)) {
                list.add(r);
            }
        });
        return list;
    }

    static Set<String> routesOf(JsonNode advice, String kind) {
        return kinds(advice, kind).stream()
                .map(r -> r.path("method").asText("null") + " " + r.get("endpoint").asText())
                .collect(Collectors.toSet());
    }
}
