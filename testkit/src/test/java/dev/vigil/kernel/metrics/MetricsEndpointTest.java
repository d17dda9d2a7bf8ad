package dev.vigil.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.Promtool;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} as Prometheus reads it: a plugin's counters, histograms and gauges, live, checked by promtool. */
class MetricsEndpointTest {

    @TempDir
    static Path jars;
    static Path meter;

    @BeforeAll
    static void build() throws Exception {
        meter = PluginJarBuilder.plugin("meter", "1.0.0").source("test.meter.Meter", """
                package test.meter;
                import java.util.List;
                import java.util.Map;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.metrics.*;
                @org.pf4j.Extension
                public class Meter implements VigilPlugin {
                    private PluginContext context;
                    private Counter hits;
                    private Histogram waits;
                    private volatile double depth = 7;
                    public void start(PluginContext context) {
                        this.context = context;
                        Metrics metrics = context.metrics();
                        hits = metrics.counter("vigil_meter_hits_total", "Hits, by kind", "kind");
                        waits = metrics.histogram("vigil_meter_wait_seconds", "How long a hit waited",
                                                  new double[] {0.01, 0.1, 1}, "kind");
                        metrics.gaugeReadAtScrape("vigil_meter_queue_depth", "Items queued now", List.of(),
                                                  sink -> sink.set(depth));
                    }
                    public void routes(PluginRoutes routes) {
                        routes.post("/hit", Role.INGEST, (req, res) -> {
                            String kind = req.query().first("kind").orElse("a");
                            double wait = Double.parseDouble(req.query().first("wait").orElse("0.05"));
                            hits.inc(kind);
                            waits.observe(wait, kind);
                            context.json().send(res, Map.of("ok", true));
                        });
                    }
                }
                """).build(jars.resolve("meter.jar"));
    }

    @Test
    void countersHistogramsAndGaugesAreLiveWithHelpAndNoTimestamps() throws Exception {
        try (TestServer server = TestServer.builder().plugin(meter).start()) {
            for (String query : List.of("kind=a&wait=0.005", "kind=a&wait=0.05", "kind=a&wait=5", "kind=b&wait=0.5")) {
                assertEquals(200, server.post("/api/v1/meter/hit?" + query, "{}", server.ingestToken()).status());
            }
            HttpResponse<String> text = scrape(server, null);

            assertEquals("text/plain; version=0.0.4; charset=utf-8", text.headers().firstValue("Content-Type")
                    .orElseThrow());
            String body = text.body();
            assertTrue(body.contains("# HELP vigil_meter_hits_total Hits, by kind\n"), body);
            assertTrue(body.contains("# TYPE vigil_meter_hits_total counter\n"), body);
            assertTrue(body.contains("vigil_meter_hits_total{kind=\"a\"} 3.0\n"), body);
            assertTrue(body.contains("vigil_meter_wait_seconds_bucket{kind=\"a\",le=\"0.01\"} 1\n"), body);
            assertTrue(body.contains("vigil_meter_wait_seconds_bucket{kind=\"a\",le=\"0.1\"} 2\n"), body);
            assertTrue(body.contains("vigil_meter_wait_seconds_bucket{kind=\"a\",le=\"+Inf\"} 3\n"), body);
            assertTrue(body.contains("vigil_meter_wait_seconds_count{kind=\"a\"} 3\n"), body);
            assertTrue(body.contains("vigil_meter_wait_seconds_sum{kind=\"a\"} 5.055\n"), body);
            assertTrue(body.contains("vigil_meter_queue_depth 7.0\n"), body);
            assertTrue(body.contains("# TYPE jvm_memory_used_bytes gauge"), "the JVM's metrics too: " + body);
            for (String line : body.lines().filter(l -> l.startsWith("vigil_")).toList()) {
                String afterName = line.contains("}") ? line.substring(line.lastIndexOf('}') + 1)
                        : line.substring(line.indexOf(' '));
                assertEquals(1, afterName.trim().split(" ").length, "a value and no timestamp: " + line);
            }

            server.post("/api/v1/meter/hit?kind=a", "{}", server.ingestToken());
            assertEquals("4.0", value(scrape(server, null).body(), "vigil_meter_hits_total{kind=\"a\"}"),
                         "live: the next scrape counts the next hit");
        }
    }

    @Test
    void openMetricsWhenAskedForItAndPromtoolFindsNothing() throws Exception {
        try (TestServer server = TestServer.builder().plugin(meter).start()) {
            server.post("/api/v1/meter/hit?kind=a&wait=0.2", "{}", server.ingestToken());
            HttpResponse<String> open = scrape(server, "application/openmetrics-text;version=1.0.0,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertTrue(open.headers().firstValue("Content-Type").orElseThrow()
                               .startsWith("application/openmetrics-text; version=1.0.0"), open.headers().toString());
            assertTrue(open.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends with # EOF");
            assertTrue(open.body().contains("vigil_meter_hits_total{kind=\"a\"} 1.0"), open.body());

            Promtool.Result check = Promtool.checkMetrics(scrape(server, null).body());
            assertEquals(0, check.exitCode(), check.output());
            assertEquals("", check.output().strip(), "promtool has nothing to say");
        }
    }

    @Test
    void aStoppedPluginsMetricsGoAndComeBackEmptyWhenItStarts() throws Exception {
        try (TestServer server = TestServer.builder().plugin(meter).start()) {
            server.post("/api/v1/meter/hit?kind=a", "{}", server.ingestToken());
            assertEquals(200, server.post("/api/v1/admin/plugins/meter/stop", null, server.adminToken()).status());
            assertFalse(scrape(server, null).body().contains("vigil_meter_"), "gone with the plugin");

            assertEquals(200, server.post("/api/v1/admin/plugins/meter/start", null, server.adminToken()).status());
            server.post("/api/v1/meter/hit?kind=b", "{}", server.ingestToken());
            String body = scrape(server, null).body();
            assertTrue(body.contains("vigil_meter_hits_total{kind=\"b\"} 1.0"), body);
            assertFalse(body.contains("vigil_meter_hits_total{kind=\"a\"}"), "a fresh start counts afresh: " + body);
        }
    }

    private static String value(String body, String series) {
        return body.lines().filter(l -> l.startsWith(series + " ")).findFirst().orElseThrow()
                .substring(series.length() + 1).trim();
    }

    private static HttpResponse<String> scrape(TestServer server, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/metrics"))
                .header("Authorization", "Bearer " + server.viewerToken());
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
