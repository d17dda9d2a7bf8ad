package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The packaged plugin in a real kernel, over real HTTP: static app, sign-in, vitals in and out, the live stream. */
class DashboardApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    /** What a browser's sendBeacon sends: text/plain, token in the query string, no Authorization header. */
    private static HttpResponse<String> beacon(TestServer server, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/api/v1/dashboard/vitals?access_token=" + token))
                .header("Content-Type", "text/plain;charset=UTF-8").header("Origin", "https://shop.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String vital(String name, double value, String page) {
        return "{\"type\":\"vital\",\"name\":\"" + name + "\",\"value\":" + value + ",\"page\":\"" + page + "\"}";
    }

    private static String batch(List<String> records) {
        return "{\"records\":[" + String.join(",", records) + "]}";
    }

    @Test
    void servesTheAppToAnyoneButItsDataOnlyToViewersAndAdmins() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dashboard", "title: Shop monitoring\n").start()) {
            HttpResult page = server.get("/", null);
            assertEquals(200, page.status());
            assertTrue(page.header("Content-Type").startsWith("text/html"));
            assertTrue(page.body().contains("<title>Shop monitoring</title>"), page.body());
            String script = page.body().replaceAll("(?s).*src=\"(/assets/app\\.js\\?v=[0-9a-f]+)\".*", "$1");

            HttpResponse<byte[]> zipped = HTTP.send(HttpRequest.newBuilder(server.uri(script))
                                                            .header("Accept-Encoding", "gzip").build(),
                                                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, zipped.statusCode());
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
            assertTrue(zipped.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
            String app = new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                                    StandardCharsets.UTF_8);
            assertTrue(app.contains("/api/v1/dashboard/stream"), "the bundled app reads the stream");
            String etag = zipped.headers().firstValue("ETag").orElseThrow();
            HttpResponse<Void> again = HTTP.send(HttpRequest.newBuilder(server.uri(script))
                                                         .header("If-None-Match", etag).build(),
                                                 HttpResponse.BodyHandlers.discarding());
            assertEquals(304, again.statusCode());
            assertEquals(404, server.get("/assets/secrets.txt", null).status());

            assertEquals(401, server.get("/api/v1/dashboard/session", null).status());
            assertEquals(401, server.get("/api/v1/dashboard/session", "wrong").status());
            assertEquals(403, server.get("/api/v1/dashboard/session", server.ingestToken()).status());
            JsonNode viewer = server.get("/api/v1/dashboard/session", server.viewerToken()).json();
            assertEquals("test-viewer", viewer.get("token_name").asText());
            assertEquals("viewer", viewer.get("role").asText());
            assertFalse(viewer.get("can_change").asBoolean());
            assertEquals("Shop monitoring", viewer.get("title").asText());
            assertTrue(server.get("/api/v1/dashboard/session", server.adminToken()).json().get("can_change")
                               .asBoolean());
            assertEquals(403, server.get("/api/v1/dashboard/vitals", server.ingestToken()).status());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void perPageSeventyFifthPercentilesMatchASortedReference(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set VIGIL_TEST_POSTGRES_URL to test PostgreSQL");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database).start()) {
            Random random = new Random(11);
            double[] lcp = new double[300];
            for (int sent = 0; sent < lcp.length; sent += 100) {
                List<String> records = new ArrayList<>();
                for (int i = sent; i < sent + 100; i++) {
                    lcp[i] = Math.round(Math.exp(7.6 + random.nextGaussian() * 0.5));
                    records.add(vital("LCP", lcp[i], "https://shop.example/orders/" + i + "?ref=mail"));
                }
                records.add(vital("CLS", 0.31, "https://shop.example/"));
                HttpResponse<String> accepted = beacon(server, server.ingestToken(), batch(records));
                assertEquals(202, accepted.statusCode(), accepted.body());
                assertEquals("*", accepted.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            }
            assertEquals(202, beacon(server, server.ingestToken(), batch(List.of(
                    "{\"type\":\"navigation\",\"page\":\"https://shop.example/\",\"dns_ms\":4,\"load_ms\":1200}",
                    "{\"type\":\"resource\",\"page\":\"https://shop.example/\",\"url\":\"https://cdn.example/big.js?v=9\","
                            + "\"initiator\":\"script\",\"duration_ms\":2400,\"transfer_bytes\":800000}")))
                    .statusCode());

            JsonNode vitals = server.get("/api/v1/dashboard/vitals?hours=1", server.viewerToken()).json();
            assertEquals(2, vitals.get("page_count").asInt(), vitals.toString());
            JsonNode orders = vitals.get("pages").get(0);
            assertEquals("/orders/{id}", orders.get("page").asText(), "ids fold into one page, the query is dropped");
            assertEquals("shop.example", orders.get("service").asText());
            assertEquals(300, orders.get("views").asInt());
            Arrays.sort(lcp);
            double expected = lcp[(int) Math.ceil(0.75 * lcp.length) - 1];
            double p75 = orders.at("/metrics/lcp/p75").asDouble();
            assertEquals(expected, p75, expected * 0.01, "p75 within 1% of the sorted reference");
            long good = Arrays.stream(lcp).filter(v -> v <= 2500).count();
            assertEquals(Math.round(good * 1000.0 / 300) / 10.0, orders.at("/metrics/lcp/good_percent").asDouble());
            assertEquals(expected <= 2500 ? "good" : expected <= 4000 ? "needs-improvement" : "poor",
                         orders.at("/metrics/lcp/rating").asText());

            JsonNode home = server.get("/api/v1/dashboard/vitals/page?service=shop.example&page=/&hours=1",
                                       server.viewerToken()).json();
            assertEquals("poor", home.at("/metrics/cls/rating").asText());
            assertEquals(0.31, home.at("/metrics/cls/p75").asDouble(), 0.31 * 0.01);
            assertEquals(1200, home.at("/metrics/load/p75").asDouble(), 12);
            assertEquals(1, home.at("/series/cls").size(), "one hourly point");
            assertEquals("https://cdn.example/big.js", home.at("/resources/0/url").asText());
            assertEquals(2400, home.at("/resources/0/max_ms").asDouble());
            assertEquals(404, server.get("/api/v1/dashboard/vitals/page?service=shop.example&page=/nowhere",
                                         server.viewerToken()).status());
            assertEquals(400, server.get("/api/v1/dashboard/vitals/page?page=/", server.viewerToken()).status());
        }
    }

    @Test
    void aBadBatchIsRefusedWholeNamingTheRecordAndField() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            HttpResponse<String> refused = beacon(server, server.ingestToken(), batch(List.of(
                    vital("LCP", 900, "https://shop.example/"), vital("INP", -3, "https://shop.example/"))));
            assertEquals(400, refused.statusCode());
            assertTrue(refused.body().contains("records[1].value"), refused.body());
            assertEquals(400, beacon(server, server.ingestToken(), "{not json").statusCode());
            assertEquals(401, beacon(server, "not-a-token", batch(List.of(vital("LCP", 900, "https://a/"))))
                    .statusCode());
            assertEquals(403, beacon(server, server.viewerToken(), batch(List.of(vital("LCP", 900, "https://a/"))))
                    .statusCode());
            JsonNode vitals = server.get("/api/v1/dashboard/vitals", server.viewerToken()).json();
            assertEquals(0, vitals.get("page_count").asInt(), "nothing of the refused batch is stored");
            assertEquals(2, server.get("/api/v1/dashboard/status", server.viewerToken()).json()
                    .at("/vitals_ingest/rejected_batches").asInt());
        }
    }

    @Test
    void pagesBeyondTheCapAreCountedTogether() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("dashboard", "max-pages: 2\n").start()) {
            assertEquals(202, beacon(server, server.ingestToken(), batch(List.of(
                    vital("TTFB", 100, "https://a.example/one"), vital("TTFB", 100, "https://a.example/two"),
                    vital("TTFB", 100, "https://a.example/three"), vital("TTFB", 100, "https://a.example/four"))))
                    .statusCode());
            JsonNode pages = server.get("/api/v1/dashboard/vitals", server.viewerToken()).json().get("pages");
            List<String> names = new ArrayList<>();
            pages.forEach(p -> names.add(p.get("page").asText() + "=" + p.get("views").asInt()));
            assertEquals(List.of("(other)=2", "/one=1", "/two=1"), names);
        }
    }

    @Test
    void theStreamCarriesSignalsAlertsAndPluginChangesLive() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(FeederPlugin.build(temp))
                .config("dashboard", "stream-keepalive: 1s\n").start();
             EventStreamReader stream = new EventStreamReader(server.uri("/api/v1/dashboard/stream"),
                                                              server.viewerToken())) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
            stream.await(Duration.ofSeconds(5), "hello", e -> e.name().equals("hello"));

            server.post("/api/v1/feeder/signal", "{\"name\":\"system.cpu_percent\",\"value\":87.5}",
                        server.adminToken());
            EventStreamReader.Event signal = stream.await(Duration.ofSeconds(5), "the cpu signal",
                                                          e -> e.name().equals("signal") && e.data().contains("cpu"));
            assertTrue(signal.data().contains("\"value\":87.5"), signal.data());

            server.post("/api/v1/feeder/alert", "{\"id\":\"42\",\"rule\":\"cpu-high\",\"severity\":\"critical\","
                    + "\"change\":\"FIRED\",\"value\":87.5}", server.adminToken());
            EventStreamReader.Event alert = stream.await(Duration.ofSeconds(5), "the alert",
                                                         e -> e.name().equals("alert"));
            assertTrue(alert.data().contains("\"rule\":\"cpu-high\"") && alert.data().contains("\"change\":\"FIRED\""),
                       alert.data());

            // The same signal's recent points, overall series only unless asked (what the overview starts from).
            server.post("/api/v1/feeder/signal", "{\"name\":\"system.cpu_core_percent\",\"value\":12,"
                    + "\"labels\":{\"core\":\"0\"}}", server.adminToken());
            JsonNode recent = server.get("/api/v1/dashboard/signals?names=system.cpu_percent,system.cpu_core_percent"
                                                 + "&minutes=5", server.viewerToken()).json();
            assertEquals(1, recent.get("series").size(), recent.toString());
            assertEquals(87.5, recent.at("/series/0/points/0/value").asDouble());
            assertEquals(2, server.get("/api/v1/dashboard/signals?names=system.cpu_percent,system.cpu_core_percent"
                                               + "&labelled=true", server.viewerToken()).json().get("series").size());
            assertEquals(400, server.get("/api/v1/dashboard/signals", server.viewerToken()).status());

            assertEquals(200, server.post("/api/v1/admin/plugins/feeder/stop", "{}", server.adminToken()).status());
            EventStreamReader.Event stopped = stream.await(Duration.ofSeconds(5), "feeder stopped",
                                                           e -> e.name().equals("plugin") && e.data().contains("feeder"));
            assertTrue(stopped.data().contains("\"state\":\"STOPPED\""), stopped.data());

            JsonNode status = server.get("/api/v1/dashboard/status", server.viewerToken()).json();
            assertEquals(1, status.at("/stream/clients").asInt());
            assertEquals("test-viewer", status.at("/stream/connections/0/caller").asText());
            stream.close();
            // The server learns the browser left at its next write (a keep-alive at the latest).
            TestServer.await(Duration.ofSeconds(10), "the closed stream to be let go", () -> server
                    .get("/api/v1/dashboard/status", server.viewerToken()).json().at("/stream/clients").asInt() == 0);
        }
    }

    @Test
    void stoppingTheDashboardEndsOpenStreams() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start();
             EventStreamReader stream = new EventStreamReader(server.uri("/api/v1/dashboard/stream"),
                                                              server.viewerToken())) {
            stream.await(Duration.ofSeconds(5), "hello", e -> e.name().equals("hello"));
            long started = System.nanoTime();
            assertEquals(200, server.post("/api/v1/admin/plugins/dashboard/stop", "{}", server.adminToken())
                    .status());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "stop is not held up");
            assertEquals(503, server.get("/api/v1/dashboard/session", server.viewerToken()).status());
            assertEquals(200, server.post("/api/v1/admin/plugins/dashboard/start", "{}", server.adminToken())
                    .status());
            assertEquals(200, server.get("/", null).status());
        }
    }

    @Test
    void aConfigEditReachesTheBrowserAgent() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            HttpResult agent = server.get("/vigil.js", null);
            assertEquals(200, agent.status());
            assertTrue(agent.header("Content-Type").startsWith("text/javascript"));
            assertEquals("*", agent.header("Access-Control-Allow-Origin"));
            assertTrue(agent.body().contains("\"1000\""), "the default slow-resource threshold is in the script");
            assertTrue(agent.body().contains("sendBeacon"));
            server.writeConfig("dashboard", "slow-resource-ms: 2500\nagent-flush-interval: 5s\n");
            TestServer.await(Duration.ofSeconds(5), "the new threshold in vigil.js",
                             () -> server.get("/vigil.js", null).body().contains("\"2500\""));
            assertTrue(server.get("/vigil.js", null).body().contains("\"5000\""));

            server.writeConfig("dashboard", "slow-resource-ms: -1\n");
            TestServer.await(Duration.ofSeconds(5), "the refused edit shown in the admin API", () -> {
                JsonNode config = server.get("/api/v1/admin/plugins/dashboard", server.viewerToken()).json()
                        .get("config");
                return config.get("error").asText("").contains("slow-resource-ms");
            });
            assertTrue(server.get("/vigil.js", null).body().contains("\"2500\""), "the last valid config stays");
        }
    }

    @Test
    void retentionDeletesOnlyWhatIsOlderThanTheRetentionPeriod() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-01T12:00:00Z"));
        try (TestServer server = TestServer.builder().pluginUnderTest().clock(clock)
                .config("dashboard", "vitals-retention: 30d\n").start()) {
            assertEquals(202, beacon(server, server.ingestToken(),
                                     batch(List.of(vital("FCP", 700, "https://a.example/old")))).statusCode());
            clock.advance(Duration.ofDays(29));
            assertEquals(202, beacon(server, server.ingestToken(),
                                     batch(List.of(vital("FCP", 900, "https://a.example/new")))).statusCode());
            clock.advance(Duration.ofDays(2));
            assertEquals(202, server.post("/api/v1/admin/plugins/dashboard/tasks/retention/run", "{}",
                                          server.adminToken()).status());
            TestServer.await(Duration.ofSeconds(10), "the old page deleted", () -> {
                JsonNode pages = server.get("/api/v1/dashboard/vitals?hours=720", server.viewerToken()).json()
                        .get("pages");
                return pages.size() == 1;
            });
            JsonNode kept = server.get("/api/v1/dashboard/vitals?hours=720", server.viewerToken()).json();
            assertEquals("/new", kept.at("/pages/0/page").asText());
            assertNotNull(kept.at("/overall/fcp"));
            assertEquals(900, kept.at("/overall/fcp/p75").asDouble(), 9);
        }
    }

    @Test
    void theDefaultConfigFileShippedWithTheDistributionIsValid() throws Exception {
        Path shipped = Path.of(System.getProperty("dashboard.web.dir")).resolve("../../../config/plugins/dashboard.yaml")
                .normalize();
        assertTrue(Files.exists(shipped), shipped.toString());
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dashboard", Files.readString(shipped)).start()) {
            JsonNode plugin = server.get("/api/v1/admin/plugins/dashboard", server.viewerToken()).json();
            assertEquals("STARTED", plugin.get("state").asText(), plugin.toString());
        }
    }

}
