package dev.vigil.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.Promtool;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as Prometheus sees it: promtool finds nothing wrong with {@code /metrics} after traffic to every
 * plugin, and Debian's Prometheus, scraping with a bearer token, computes request rates and latency quantiles from
 * the histograms that match what was ingested.
 */
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void promtoolFindsNothingWrongWithTheWholeServersMetrics() throws Exception {
        try (TestServer server = WholeServer.start()) {
            assertEquals(200, ingestRequests(server, "shop", 20).status());
            String now = Instant.now().toString();
            assertEquals(200, server.post("/api/v1/queries/ingest", "[{\"timestamp\":\"" + now + "\",\"service\":"
                    + "\"shop\",\"sql\":\"SELECT 1\",\"duration_ms\":2.5}]", server.ingestToken()).status());
            assertEquals(200, server.post("/api/v1/errors/ingest", "[{\"service\":\"shop\",\"message\":\"boom\"}]",
                                          server.ingestToken()).status());

            String metrics = server.get("/metrics", server.viewerToken()).body();
            Promtool.Result check = Promtool.checkMetrics(metrics);

            assertEquals(0, check.exitCode(), check.output());
            assertEquals("", check.output().strip(), "promtool has nothing to say");
            assertTrue(metrics.contains("vigil_http_server_request_duration_seconds_bucket{"), metrics);
        }
    }

    @Test
    void prometheusScrapesWithATokenAndItsQueriesMatchWhatWasIngested() throws Exception {
        try (TestServer server = WholeServer.start()) {
            int port = freePort();
            Path config = work.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: vigil
                        metrics_path: /metrics
                        authorization:
                          type: Bearer
                          credentials: %s
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(server.viewerToken(), server.vigil().port()));
            Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                                                    "--storage.tsdb.path=" + work.resolve("tsdb"),
                                                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
                await("the Vigil target to be up", () -> query(api, "up{job=\"vigil\"}"),
                      result -> result.size() == 1 && result.at("/0/value/1").asText().equals("1"));

                // 100 requests of 1..100 ms, twice: rate() counts what a series gained after Prometheus first saw
                // it, so the second hundred is what the quantile is computed from.
                String count = "sum(vigil_http_server_request_duration_seconds_count{service=\"checkout\"})";
                for (int expected : new int[] {100, 200}) {
                    assertEquals(200, ingestRequests(server, "checkout", 100).status());
                    JsonNode total = await("the ingested requests to be scraped", () -> query(api, count),
                                           result -> result.size() == 1
                                                   && result.at("/0/value/1").asDouble() == expected);
                    assertEquals(expected, total.at("/0/value/1").asDouble(), "every ingested request is counted");
                }

                String p95 = "histogram_quantile(0.95, sum by (le) (rate("
                        + "vigil_http_server_request_duration_seconds_bucket{service=\"checkout\"}[1m])))";
                JsonNode quantile = await("a p95 from the histogram", () -> query(api, p95),
                                          result -> result.size() == 1 && Double.isFinite(
                                                  result.at("/0/value/1").asDouble(Double.NaN)));
                double estimate = quantile.at("/0/value/1").asDouble();
                // The true p95 is 95 ms; the bucket that holds it is (50 ms, 100 ms]: that is the histogram's error.
                assertTrue(estimate > 0.05 && estimate <= 0.1, "p95 " + estimate + " s is in the (0.05, 0.1] bucket");
                assertEquals(0.095, estimate, 0.05);
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** Requests of 1, 2, ..., n ms to {@code /items/{id}}, answered 200, a minute ago. */
    private static HttpResult ingestRequests(TestServer server, String service, int n) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        String time = Instant.now().minusSeconds(60).toString();
        for (int i = 1; i <= n; i++) {
            records.add(Map.of("timestamp", time, "service", service, "method", "GET", "endpoint", "/items/{id}",
                               "path", "/items/" + i, "status", 200, "duration_ms", i));
        }
        return server.post("/api/v1/requests/ingest", JSON.writeValueAsString(records), server.ingestToken());
    }

    private static JsonNode query(URI api, String promql) throws Exception {
        URI uri = api.resolve("query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                                                  HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("success", body.path("status").asText(), promql + ": " + response.body());
        return body.at("/data/result");
    }

    private interface Probe {
        JsonNode read() throws Exception;
    }

    private JsonNode await(String what, Probe probe, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.read();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException notYet) {
                // Prometheus is still starting.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("waited 60 s for " + what + "; last answer " + last + "; prometheus log:\n"
                                         + Files.readString(work.resolve("prometheus.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
