package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code RequestHistory.endpointFigures} as another plugin sees it: a window over whole hours and the minutes before
 * and after them, every record inside counted once, and a histogram that gives the window's percentiles.
 */
class EndpointFiguresIT {

    private static final Instant NOW = Instant.parse("2030-01-01T03:20:10Z");

    @TempDir
    static Path jars;
    static Path probe;

    /** Answers what RequestHistory.endpointFigures gives for ?from=&to=, with p50 and p99 of each histogram. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = PluginJarBuilder.plugin("figprobe", "1.0.0").source("test.figprobe.FiguresProbe", """
                package test.figprobe;

                import java.time.Instant;
                import java.util.*;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.services.RequestHistory;
                import org.pf4j.Extension;

                @Extension
                public class FiguresProbe implements VigilPlugin {
                    private PluginContext context;

                    public void start(PluginContext context) {
                        this.context = context;
                    }

                    public void routes(PluginRoutes routes) {
                        routes.get("/figures", Role.VIEWER, (req, res) -> {
                            RequestHistory history = context.services().find(RequestHistory.class).orElseThrow();
                            List<Map<String, Object>> rows = new ArrayList<>();
                            for (RequestHistory.EndpointFigures f : history.endpointFigures(
                                    Instant.parse(req.query().first("from").get()),
                                    Instant.parse(req.query().first("to").get()))) {
                                Map<String, Object> row = new LinkedHashMap<>();
                                row.put("service", f.service());
                                row.put("method", f.method());
                                row.put("endpoint", f.endpoint());
                                row.put("count", f.count());
                                row.put("client_errors", f.clientErrors());
                                row.put("server_errors", f.serverErrors());
                                row.put("sum_ms", f.sumMs());
                                row.put("min_ms", f.minMs());
                                row.put("max_ms", f.maxMs());
                                row.put("histogram_count", f.histogram().count());
                                row.put("p50_ms", f.histogram().quantile(0.5));
                                row.put("p99_ms", f.histogram().quantile(0.99));
                                rows.add(row);
                            }
                            context.json().send(res, Map.of("figures", rows));
                        });
                    }
                }
                """).build(jars.resolve("figprobe.jar"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void countsEachRecordOfTheWindowOnceFromHourAndMinuteRows(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        MutableClock clock = new MutableClock(NOW);
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe).database(database)
                .config("requests", "record-own-traffic: false\n").clock(clock).start()) {
            Batch batch = Batch.of();
            batch.add(Instant.parse("2030-01-01T00:10:00Z"), "/a", 200, 1000); // before the window
            batch.add(Instant.parse("2030-01-01T00:29:59Z"), "/a", 200, 1000); // the minute before it
            for (int i = 1; i <= 100; i++) { // 00:31 .. 03:08: leading minutes, whole hours, trailing minutes
                Instant time = Instant.parse("2030-01-01T00:30:00Z").plusSeconds(i * 95L);
                batch.add(time, "/a", i % 10 == 0 ? 503 : i % 25 == 0 ? 404 : 200, i);
            }
            batch.add(Instant.parse("2030-01-01T03:09:59Z"), "/b", 200, 7);
            batch.add(Instant.parse("2030-01-01T03:10:00Z"), "/a", 200, 1000); // the window's end: left out
            batch.add(Instant.parse("2030-01-01T03:20:00Z"), "/a", 200, 1000);
            HttpResult ingest = server.post("/api/v1/requests/ingest", batch.json(), server.ingestToken());
            assertEquals(200, ingest.status(), ingest.body());

            JsonNode figures = server.get("/api/v1/figprobe/figures?from=2030-01-01T00:30:00Z"
                                                  + "&to=2030-01-01T03:10:00Z", server.viewerToken())
                    .json().get("figures");
            assertEquals(2, figures.size(), figures.toString());
            JsonNode a = figures.get(0);
            assertEquals("/a", a.get("endpoint").asText());
            assertEquals(100, a.get("count").asLong());
            assertEquals(100, a.get("histogram_count").asLong());
            assertEquals(10, a.get("server_errors").asLong());
            assertEquals(2, a.get("client_errors").asLong()); // 25 and 75 (50 and 100 are 5xx)
            assertEquals(5050, a.get("sum_ms").asDouble(), 1e-9);
            assertEquals(1, a.get("min_ms").asDouble());
            assertEquals(100, a.get("max_ms").asDouble());
            assertEquals(50, a.get("p50_ms").asDouble(), 0.5); // rank 49 of 1..100, within 1%
            assertEquals(99, a.get("p99_ms").asDouble(), 1);
            assertEquals("/b", figures.get(1).get("endpoint").asText());
            assertEquals(1, figures.get(1).get("count").asLong());

            // A window inside one hour reads minute rows only; an instant inside a minute takes the whole minute.
            JsonNode inside = server.get("/api/v1/figprobe/figures?from=2030-01-01T03:00:30Z"
                                                 + "&to=2030-01-01T03:09:00.001Z", server.viewerToken())
                    .json().get("figures");
            long expected = 0;
            for (int i = 1; i <= 100; i++) {
                Instant time = Instant.parse("2030-01-01T00:30:00Z").plusSeconds(i * 95L);
                if (!time.isBefore(Instant.parse("2030-01-01T03:00:00Z"))
                        && time.isBefore(Instant.parse("2030-01-01T03:10:00Z"))) {
                    expected++;
                }
            }
            assertEquals(expected, inside.get(0).get("count").asLong(), inside.toString());
            assertEquals(2, inside.size(), "/b at 03:09:59 is in the minute holding the window's last instant");
        }
    }
}
