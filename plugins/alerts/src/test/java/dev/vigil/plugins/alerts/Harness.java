package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real server with the packaged alerts plugin and {@code sigpub}, a throwaway plugin that publishes signals on
 * request and records the AlertEvents it hears, on a clock the test moves.
 */
final class Harness implements AutoCloseable {

    static final Duration STEP = Duration.ofSeconds(15);

    /**
     * The rule most tests alert on, an entry of a {@code rules:} list: {@code disk}, on test.disk_percent per mount,
     * warning at 80, critical at 95, from the first violation, with the default cooldown.
     */
    static final String DISK_RULE = """
              - name: disk
                signal: test.disk_percent
                labels: {mount: "*"}
                warning: 80
                critical: 95
                consecutive: 1
            """;

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static Path sigpub;

    final TestServer server;
    final MutableClock clock;

    private Harness(TestServer server, MutableClock clock) {
        this.server = server;
        this.clock = clock;
    }

    static Harness start(TestDatabase database, String alertsYaml) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        TestServer server = TestServer.builder().pluginUnderTest().plugin(sigpubJar()).database(database)
                .config("alerts", alertsYaml).clock(clock).start();
        return new Harness(server, clock);
    }

    /** As {@link #start(TestDatabase, String)}, with {@code server.public-url} set. */
    static Harness start(TestDatabase database, String alertsYaml, String publicUrl) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        TestServer server = TestServer.builder().pluginUnderTest().plugin(sigpubJar()).database(database)
                .config("alerts", alertsYaml).clock(clock).publicUrl(publicUrl).start();
        return new Harness(server, clock);
    }

    /** As {@link #start(TestDatabase, String)}, with one more plugin loaded beside. */
    static Harness startWith(TestDatabase database, String alertsYaml, Path otherPlugin) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
        TestServer server = TestServer.builder().pluginUnderTest().plugin(sigpubJar()).plugin(otherPlugin)
                .database(database).config("alerts", alertsYaml).clock(clock).start();
        return new Harness(server, clock);
    }

    /** The sigpub plugin, compiled once per test run. */
    static synchronized Path sigpubJar() throws IOException {
        if (sigpub == null) {
            Path dir = Files.createDirectories(Path.of("target", "test-plugins"));
            sigpub = PluginJarBuilder.plugin("sigpub", "1.0.0").source("test.sigpub.SigPub", """
                    package test.sigpub;
                    import java.time.Instant;
                    import java.util.*;
                    import java.util.concurrent.CopyOnWriteArrayList;
                    import dev.vigil.api.*;
                    import dev.vigil.api.events.AlertEvent;
                    import dev.vigil.api.http.*;
                    import com.fasterxml.jackson.databind.JsonNode;
                    @org.pf4j.Extension
                    public class SigPub implements VigilPlugin {
                        private PluginContext context;
                        private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
                        public void start(PluginContext context) { this.context = context; }
                        public void routes(PluginRoutes routes) {
                            routes.post("/publish", Role.ADMIN, (req, res) -> {
                                JsonNode body = context.json().readTree(req, 50_000_000);
                                JsonNode points = body.get("points");
                                for (JsonNode p : points) {
                                    Map<String, String> labels = new TreeMap<>();
                                    if (p.has("labels")) {
                                        p.get("labels").properties()
                                            .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                                    }
                                    Instant time = p.has("time") ? Instant.parse(p.get("time").asText())
                                        : context.clock().instant();
                                    context.signals().publish(p.get("name").asText(), labels,
                                                              p.get("value").asDouble(), time);
                                }
                                context.json().send(res, Map.of("published", points.size()));
                            })
                            .get("/events", Role.VIEWER, (req, res) -> context.json().send(res,
                                Map.of("events", events)))
                            .get("/latest", Role.VIEWER, (req, res) -> context.json().send(res,
                                Map.of("signals", context.signals().latest(req.query().first("name").get()))));
                        }
                        public List<Subscription<?>> subscriptions() {
                            return List.of(Subscription.to(AlertEvent.class, e -> events.add(Map.of(
                                "change", e.change(), "rule", e.rule(), "severity", e.severity(),
                                "actor", e.actor(), "alert_id", e.alertId(), "labels", e.labels()))));
                        }
                    }
                    """).build(dir.resolve("sigpub.jar"));
        }
        return sigpub;
    }

    /** {@link #DISK_RULE} with its cooldown, such as {@code 0s}. */
    static String diskRule(String cooldown) {
        return DISK_RULE + "    cooldown: " + cooldown + "\n";
    }

    /**
     * A config that alerts on {@link #DISK_RULE} with no cooldown, evaluates only when the test asks, and notifies
     * {@code channels} (the entries of a {@code channels:} list) with {@code attempts} tries, 100 ms apart at first.
     */
    static String diskAlertsConfig(int attempts, String channels) {
        return """
                evaluation-interval: 1h
                rules:
                """ + diskRule("0s") + """
                delivery:
                  attempts: %d
                  initial-backoff: 100ms
                  max-backoff: 1s
                channels:
                """.formatted(attempts) + channels;
    }

    /** One point to publish. */
    record Point(String name, Map<String, String> labels, double value, Instant time) {
        Map<String, Object> json() {
            return Map.of("name", name, "labels", labels, "value", value, "time", time.toString());
        }
    }

    void publish(List<Point> points) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("points", points.stream().map(Point::json).toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpResult result = server.post("/api/v1/sigpub/publish", body, server.adminToken());
        assertEquals(200, result.status(), result.body());
    }

    void publish(String signal, Map<String, String> labels, double value) {
        publish(List.of(new Point(signal, labels, value, clock.instant())));
    }

    /** {@code count} points, one every {@code every}, ending now, with values from {@code value}. */
    void publishSeries(String signal, Map<String, String> labels, int count, Duration every,
                       java.util.function.IntToDoubleFunction value) {
        List<Point> points = new ArrayList<>();
        Instant now = clock.instant();
        for (int i = 0; i < count; i++) {
            points.add(new Point(signal, labels, value.applyAsDouble(i), now.minus(every.multipliedBy(count - 1 - i))));
        }
        publish(points);
    }

    /** Runs an evaluation now and answers what it did. */
    JsonNode evaluate() {
        HttpResult result = server.post("/api/v1/alerts/evaluate", null, server.adminToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    /** Publishes a value, evaluates, and moves the clock on by one evaluation interval. */
    JsonNode step(String signal, Map<String, String> labels, double value) {
        publish(signal, labels, value);
        JsonNode evaluation = evaluate();
        clock.advance(STEP);
        return evaluation;
    }

    JsonNode activeAlerts() {
        HttpResult result = server.get("/api/v1/alerts?active_only=true", server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json().get("alerts");
    }

    JsonNode alert(long id) {
        HttpResult result = server.get("/api/v1/alerts/" + id, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    /** The delivery records {@code GET /alerts/deliveries} lists for {@code query} (such as {@code ?channel=x}). */
    JsonNode deliveries(String query) {
        HttpResult result = server.get("/api/v1/alerts/deliveries" + query, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json().get("deliveries");
    }

    JsonNode events() {
        return server.get("/api/v1/sigpub/events", server.viewerToken()).json().get("events");
    }

    @Override
    public void close() throws IOException, java.sql.SQLException {
        server.close();
    }
}
