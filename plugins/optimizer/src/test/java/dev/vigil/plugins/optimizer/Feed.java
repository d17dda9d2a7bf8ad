package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.api.SignalCatalog;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.QueryInsights;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Feeds a generated history to a test server through the {@code gen} plugin, and waits until it is taken in. */
final class Feed {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Feed() {
    }

    /** Publishes the events with their minute figures, and waits until the optimizer has stored them all. */
    static void requests(TestServer server, List<RequestEvent> events) {
        long before = seen(server);
        for (int start = 0; start < events.size(); start += 2000) {
            List<RequestEvent> chunk = events.subList(start, Math.min(events.size(), start + 2000));
            HttpResult result = server.post("/api/v1/gen/requests",
                                            json(Map.of("events", chunk, "figures", RequestFigures.of(chunk))),
                                            server.adminToken());
            assertEquals(200, result.status(), result.body());
        }
        TestServer.await(Duration.ofSeconds(30), "the optimizer to take in " + events.size() + " requests",
                         () -> seen(server) == before + events.size());
    }

    /** Offers the history's CPU and memory through the ResourceHistory service. */
    static void resourceHistory(TestServer server, SyntheticHistory.History history) {
        HttpResult result = server.post("/api/v1/gen/resources", json(history.resources()), server.adminToken());
        assertEquals(200, result.status(), result.body());
    }

    /** Publishes the history's CPU and memory as system signals, and waits until the optimizer recorded them. */
    static void systemSignals(TestServer server, SyntheticHistory.History history) {
        long before = server.get("/api/v1/optimizer/status", server.viewerToken()).json()
                .at("/intake/resource_readings").asLong();
        List<Map<String, Object>> points = new ArrayList<>();
        history.resources().forEach(sample -> {
            points.add(Map.of("name", SignalCatalog.SYSTEM_CPU_PERCENT, "value", sample.cpuPercent(),
                              "time", sample.time().toString()));
            points.add(Map.of("name", SignalCatalog.SYSTEM_MEMORY_PERCENT, "value", sample.memoryPercent(),
                              "time", sample.time().toString()));
        });
        HttpResult result = server.post("/api/v1/gen/signals", json(points), server.adminToken());
        assertEquals(200, result.status(), result.body());
        TestServer.await(Duration.ofSeconds(20), "the optimizer to record the resource signals",
                         () -> server.get("/api/v1/optimizer/status", server.viewerToken()).json()
                                 .at("/intake/resource_readings").asLong() == before + points.size());
    }

    static void findings(TestServer server, List<QueryInsights.QueryFinding> findings) {
        HttpResult result = server.post("/api/v1/gen/findings", json(findings), server.adminToken());
        assertEquals(200, result.status(), result.body());
    }

    static long seen(TestServer server) {
        return server.get("/api/v1/optimizer/status", server.viewerToken()).json().at("/intake/request_events")
                .asLong();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
