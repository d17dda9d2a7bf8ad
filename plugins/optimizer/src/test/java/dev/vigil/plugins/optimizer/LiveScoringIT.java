package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After training: new minutes are scored as they complete, anomalies are published as a signal, and predictions are
 * stored against what really happened. CPU comes from system signals here (no ResourceHistory data), and the
 * server's clock is moved by hand so that minutes pass at once.
 */
class LiveScoringIT {

    @TempDir
    static Path jars;

    @Test
    void scoresNewMinutesPublishesTheSignalAndMatchesPredictions() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T12:00:10Z"));
        Path gen = GeneratorPlugin.build(jars);
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(gen).clock(clock).start()) {
            SyntheticHistory.History history = SyntheticHistory.generate(clock.instant(), 180, 3, 5);
            Feed.systemSignals(server, history);
            Feed.requests(server, history.events());
            OptimizerPluginIT.train(server);
            JsonNode model = server.get("/api/v1/optimizer/models", server.viewerToken()).json().at("/models/0");
            assertEquals("system_signals", model.at("/details/resources").asText(), model.toString());
            assertTrue(model.at("/details/features").toString().contains("cpu_percent"), model.toString());

            JsonNode prediction = OptimizerPluginIT.predict(server, "{\"service\":\"shop\",\"method\":\"GET\","
                    + "\"endpoint\":\"/orders\",\"query_count\":20,\"request_id\":\"req-42\"}");

            // Three more minutes, with every endpoint made anomalous in one of them.
            SyntheticHistory.History next = SyntheticHistory.generate(clock.instant().plus(Duration.ofMinutes(3)),
                                                                      3, 3, 99);
            List<RequestEvent> events = new ArrayList<>(next.events());
            RequestEvent orders = events.stream().filter(e -> e.endpoint().equals(SyntheticHistory.ORDERS))
                    .findFirst().orElseThrow();
            RequestEvent tagged = new RequestEvent(orders.timestamp(), orders.service(), orders.method(),
                                                   orders.endpoint(), orders.path(), orders.status(),
                                                   orders.durationMs(), null, "req-42", null, orders.queryCount(),
                                                   orders.queryTimeMs(), orders.bytes(), null);
            events.set(events.indexOf(orders), tagged);
            Feed.systemSignals(server, next);
            Feed.requests(server, events);

            clock.advance(Duration.ofMinutes(4));
            HttpResult run = server.post("/api/v1/admin/plugins/optimizer/tasks/score/run", null, server.adminToken());
            assertTrue(run.status() < 300, run.body());
            Set<String> injected = next.anomalies().stream()
                    .map(a -> Instant.ofEpochMilli(a.minuteAt()) + " " + a.endpoint()).collect(Collectors.toSet());
            TestServer.await(Duration.ofSeconds(20), "the new minutes to be scored", () -> {
                JsonNode anomalies = server.get("/api/v1/optimizer/anomalies?hours=1", server.viewerToken()).json();
                Set<String> found = new HashSet<>();
                anomalies.get("anomalies").forEach(a -> found.add(a.get("minute").asText() + " "
                                                                          + a.get("endpoint").asText()));
                return found.containsAll(injected);
            });

            JsonNode signals = server.get("/api/v1/admin/signals?name=optimizer.anomaly_score", server.viewerToken())
                    .json();
            Set<String> raised = new HashSet<>();
            signals.get("series").forEach(series -> series.get("points").forEach(point -> {
                if (point.get("value").asDouble() >= OptimizerConfig.DEFAULTS.anomalyCut()) {
                    raised.add(Instant.parse(point.get("time").asText()) + " " + series.at("/labels/endpoint").asText());
                }
                assertEquals("shop", series.at("/labels/service").asText());
            }));
            assertTrue(raised.containsAll(injected), "signal points over the cut " + raised + ", injected " + injected);

            // /metrics shows each endpoint's latest score, the one the signal ends with; and the training.
            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(signals.get("series").size(), metrics.labelsOf("vigil_optimizer_anomaly_score").size(),
                         metrics.text());
            signals.get("series").forEach(series -> {
                JsonNode points = series.get("points");
                JsonNode newest = points.get(0);
                for (JsonNode point : points) {
                    if (Instant.parse(point.get("time").asText()).isAfter(Instant.parse(newest.get("time").asText()))) {
                        newest = point;
                    }
                }
                assertEquals(newest.get("value").asDouble(), metrics.value("vigil_optimizer_anomaly_score", "service",
                        "shop", "endpoint", series.at("/labels/endpoint").asText()), 1e-12);
            });
            assertEquals(1, metrics.value("vigil_optimizer_trainings_total", "outcome", "succeeded"));
            metrics.assertPromtoolFindsNothing();

            JsonNode api = server.get("/api/v1/optimizer/predictions?source=api", server.viewerToken()).json();
            JsonNode stored = api.at("/predictions/0");
            assertEquals(prediction.get("prediction_id").asLong(), stored.get("id").asLong());
            assertEquals(tagged.durationMs(), stored.get("actual_ms").asDouble(), 1e-9);
            assertEquals(1, api.at("/summary/matched").asInt());
            JsonNode live = server.get("/api/v1/optimizer/predictions?source=live&hours=1", server.viewerToken())
                    .json();
            assertTrue(live.at("/summary/matched").asInt() > 0, live.toString());
            assertTrue(live.at("/summary/mae_ms").isNumber(), live.toString());
        }
    }
}
