package dev.vigil.plugins.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged plugin with every plugin whose services it reads, as the distribution runs them, on a clock the test
 * moves: known requests, statements and errors ingested over HTTP with the ingest token, then the reports checked
 * against what was sent, as JSON and as CSV read back with a CSV reader.
 */
class ReportsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAY = "/pay,\"now\"";
    private static final String FORMULA = "=cmd|' /C calc'!A0";

    /** One request sent. */
    private record Sent(String method, String endpoint, int status, double durationMs) {
    }

    private static MutableClock clock;
    private static TestServer server;
    private static final List<Sent> SENT = new ArrayList<>();

    @BeforeAll
    static void startAndIngest() throws Exception {
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30));
        server = TestServer.builder().pluginUnderTest().clock(clock)
                .plugin(zip("requests")).plugin(zip("queries")).plugin(zip("errors")).plugin(zip("alerts"))
                .plugin(zip("system")).plugin(zip("dependencies"))
                .config("queries", "request-window: 1s\n")
                .config("system", "interval: 1h\nhost-name: report-host\n")
                .config("alerts", "evaluation-interval: 1h\n")
                // No scan while the test runs: a report's sections stay as they are between two requests.
                .config("dependencies", "first-scan-delay: 1d\nscan-plugins: false\n")
                .start();
        Instant now = clock.instant();

        for (int i = 1; i <= 200; i++) {
            SENT.add(new Sent("GET", "/orders/{id}", i % 20 == 0 ? 500 : i % 25 == 0 ? 404 : 200, i));
        }
        for (int i = 0; i < 5; i++) {
            SENT.add(new Sent("POST", PAY, i == 0 ? 503 : 200, 300 + 100 * i));
        }
        for (int i = 0; i < 3; i++) {
            SENT.add(new Sent("GET", FORMULA, 200, 2.5));
        }
        ArrayNode records = JSON.createArrayNode();
        for (int i = 0; i < SENT.size(); i++) {
            Sent sent = SENT.get(i);
            request(records, now.minusSeconds(5 + i * 7L), sent);
        }
        request(records, now.minus(Duration.ofHours(2)), new Sent("GET", "/orders/{id}", 500, 9999)); // outside
        assertOk(server.post("/api/v1/requests/ingest", records.toString(), server.ingestToken()));

        ArrayNode statements = JSON.createArrayNode();
        for (int i = 1; i <= 6; i++) { // an N+1: the same shape six times in one request
            statement(statements, now.minusSeconds(60), "SELECT * FROM items WHERE order_id = " + i, 2, "r-1");
        }
        statement(statements, now.minusSeconds(60), "SELECT * FROM orders WHERE id = 7", 40, "r-1");
        assertOk(server.post("/api/v1/queries/ingest", statements.toString(), server.ingestToken()));

        ArrayNode errors = JSON.createArrayNode();
        for (int i = 0; i < 3; i++) {
            error(errors, now.minusSeconds(100 + i), "TimeoutError", "-db, \"primary\"\ntimed out", "error");
        }
        error(errors, now.minusSeconds(50), "CartWarning", "cart is big", "warning");
        assertOk(server.post("/api/v1/errors/ingest", errors.toString(), server.ingestToken()));

        // The host is sampled once, soon after start (at the clock's time); the statements' request is analysed
        // once quiet by the clock. Moving the clock on puts both inside the window that ends now.
        TestServer.await(WAIT, "a sample of the host", () -> server.get("/api/v1/system/health",
                                                                        server.viewerToken()).json().get("sample").isObject());
        clock.advance(Duration.ofSeconds(10));
        TestServer.await(WAIT, "the N+1 finding", () -> server.get("/api/v1/queries/n-plus-one?kind=n_plus_one",
                                                                   server.viewerToken()).json().get("findings").size() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void theSummaryAddsUpWhatWasSent() {
        JsonNode report = report("?type=summary&hours=1");
        assertEquals("summary", report.get("type").asText());
        assertEquals(1, report.at("/window/hours").asInt());
        assertEquals(clock.instant(), Instant.parse(report.at("/window/to").asText()));
        assertEquals(0, report.get("missing").size(), report.get("missing").toString());

        JsonNode requests = report.get("requests");
        assertEquals(SENT.size(), requests.get("total").asLong(), "the record two hours old is outside the window");
        assertFalse(requests.get("own_traffic_included").asBoolean());
        assertEquals(3, requests.get("endpoint_count").asInt());
        assertPercentiles(SENT, requests);
        long clientErrors = SENT.stream().filter(s -> s.status() >= 400 && s.status() < 500).count();
        long serverErrors = SENT.stream().filter(s -> s.status() >= 500).count();
        assertEquals(clientErrors, requests.get("client_errors").asLong());
        assertEquals(serverErrors, requests.get("server_errors").asLong());
        assertEquals(100.0 * clientErrors / SENT.size(), requests.get("client_error_rate_percent").asDouble(), 0.005);
        assertEquals(100.0 * serverErrors / SENT.size(), requests.get("server_error_rate_percent").asDouble(), 0.005);
        double seconds = Duration.between(Instant.parse(report.at("/window/from").asText()), clock.instant())
                .toMillis() / 1000.0;
        assertEquals(SENT.size() / seconds, requests.get("throughput_rps").asDouble(), 0.00005);
        assertEquals(List.of(PAY, "/orders/{id}", FORMULA), names(requests.get("slowest_endpoints")), "by p95");
        assertFalse(requests.has("endpoints"), "a summary lists only the slowest endpoints");

        JsonNode queries = report.get("queries");
        assertEquals(7, queries.get("statements").asLong());
        assertEquals(52, queries.get("total_time_ms").asDouble(), 1e-9);
        assertEquals(2, queries.get("fingerprint_count").asLong());
        assertEquals(1, queries.get("n_plus_one_findings").asLong());
        assertEquals("select * from orders where id = ?", queries.at("/fingerprints/0/text").asText());
        assertEquals(6, queries.at("/fingerprints/1/executions").asLong());
        assertEquals("n_plus_one", queries.at("/findings/0/kind").asText());
        assertEquals(6, queries.at("/findings/0/repeats").asLong());

        JsonNode errors = report.get("errors");
        assertEquals(4, errors.get("events").asLong());
        assertEquals(3, errors.at("/events_by_level/error").asLong());
        assertEquals(1, errors.at("/events_by_level/warning").asLong());
        assertEquals(2, errors.get("group_count").asLong());
        assertEquals("TimeoutError", errors.at("/groups/0/exception_type").asText());
        assertEquals(3, errors.at("/groups/0/events").asLong());

        assertEquals("report-host", report.at("/system/host").asText());
        assertTrue(report.at("/system/memory_percent/max").asDouble() > 0);
        assertEquals(0, report.at("/alerts/fired").asLong());
        assertFalse(report.at("/dependencies/scanned").asBoolean(), report.get("dependencies").toString());
        assertTrue(report.at("/dependencies/health_score").isNull());
    }

    @Test
    void theDetailedReportHasARowPerEndpointAndItsCsvReadsBackAsItsJson() throws Exception {
        JsonNode report = report("?type=detailed&hours=1");
        JsonNode endpoints = report.at("/requests/endpoints");
        assertEquals(List.of("/orders/{id}", PAY, FORMULA), names(endpoints), "busiest first");
        for (JsonNode row : endpoints) {
            List<Sent> sent = SENT.stream().filter(s -> s.endpoint().equals(row.get("endpoint").asText())).toList();
            assertEquals("shop", row.get("service").asText());
            assertEquals(sent.get(0).method(), row.get("method").asText());
            assertEquals(sent.size(), row.get("count").asLong());
            assertPercentiles(sent, row);
            assertEquals(sent.stream().filter(s -> s.status() >= 500).count(), row.get("server_errors").asLong());
            assertEquals(sent.stream().filter(s -> s.status() >= 400 && s.status() < 500).count(),
                         row.get("client_errors").asLong());
        }
        assertEquals(2, report.at("/errors/groups").size());
        assertTrue(report.at("/alerts/alerts").isArray());

        HttpResult csv = server.get("/api/v1/reports?type=detailed&hours=1&format=csv", server.viewerToken());
        assertEquals(200, csv.status(), csv.body());
        assertEquals("text/csv; charset=utf-8", csv.header("Content-Type"));
        assertTrue(csv.header("Content-Disposition").matches(
                "attachment; filename=\"vigil-report-detailed-\\d{8}T\\d{6}Z\\.csv\""), csv.header("Content-Disposition"));
        CsvTables tables = CsvTables.parse(csv.body());
        // The same clock instant and nothing ingested in between: the CSV holds exactly the JSON's figures.
        tables.assertMatches(report, Set.of());
        assertEquals("'" + FORMULA, tables.table("requests.endpoints").rows().get(2).get("endpoint"));
        assertEquals(PAY, tables.table("requests.endpoints").rows().get(1).get("endpoint"));
        assertEquals("'-db, \"primary\"\ntimed out", tables.table("errors.groups").rows().get(0).get("message"));
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        assertBad("?type=foo", "type", "must be one of [detailed, summary], got 'foo'");
        assertBad("?hours=0", "hours", "must be a whole number of hours from 1 to 720");
        assertBad("?hours=721", "hours", "got 721");
        assertBad("?hours=a%20day", "hours", "got 'a day'");
        assertBad("?format=xml", "format", "must be one of [csv, json], got 'xml'");
    }

    @Test
    void aViewerMayReadReportsAndACallerWithoutOneMayNot() {
        assertEquals(200, server.get("/api/v1/reports", server.viewerToken()).status());
        assertEquals(200, server.get("/api/v1/reports", server.adminToken()).status());
        assertEquals(401, server.get("/api/v1/reports", null).status());
        assertEquals(401, server.get("/api/v1/reports", "not-a-token").status());
        assertEquals(403, server.get("/api/v1/reports", server.ingestToken()).status());
        assertEquals(24, server.get("/api/v1/reports", server.viewerToken()).json().at("/window/hours").asInt());
    }

    @Test
    void aStoppedPluginsSectionIsLeftOutAndNamed() throws Exception {
        assertEquals(200, server.post("/api/v1/admin/plugins/errors/stop", null, server.adminToken()).status());
        try {
            JsonNode report = report("?hours=1");
            assertFalse(report.has("errors"), report.toString());
            assertEquals(JSON.readTree("[{\"section\":\"errors\",\"reason\":\"plugin errors is not running\"}]"),
                         report.get("missing"));
            assertEquals(SENT.size(), report.at("/requests/total").asLong(), "the other sections stand");

            HttpResult csv = server.get("/api/v1/reports?hours=1&format=csv", server.viewerToken());
            CsvTables tables = CsvTables.parse(csv.body());
            assertFalse(tables.has("errors"));
            assertEquals(Map.of("section", "missing", "missing_section", "errors", "reason",
                                "plugin errors is not running"), tables.table("missing").rows().get(0));
        } finally {
            assertEquals(200, server.post("/api/v1/admin/plugins/errors/start", null, server.adminToken()).status());
        }
        TestServer.await(WAIT, "the errors section back", () -> report("?hours=1").has("errors"));
    }

    /** p50, p95 and p99 within the histogram's 1% (and the rounding) of the exact values, and the exact max. */
    private static void assertPercentiles(List<Sent> sent, JsonNode figures) {
        List<Double> sorted = sent.stream().map(Sent::durationMs).sorted(Comparator.naturalOrder()).toList();
        Map<String, Double> quantiles = new LinkedHashMap<>();
        quantiles.put("p50_ms", 0.50);
        quantiles.put("p95_ms", 0.95);
        quantiles.put("p99_ms", 0.99);
        quantiles.forEach((field, q) -> {
            double exact = sorted.get((int) (q * (sorted.size() - 1)));
            assertEquals(exact, figures.get(field).asDouble(), exact * 0.01 + 0.005, field + " of " + figures);
        });
        assertEquals(sorted.getLast(), figures.get("max_ms").asDouble(), 0.005);
        assertEquals(sorted.stream().mapToDouble(d -> d).average().orElseThrow(), figures.get("avg_ms").asDouble(),
                     0.005);
    }

    private static void assertBad(String query, String parameter, String message) {
        HttpResult result = server.get("/api/v1/reports" + query, server.viewerToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().startsWith("query parameter '" + parameter + "'"), result.errorMessage());
        assertTrue(result.errorMessage().contains(message), result.errorMessage());
    }

    private static List<String> names(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(row -> names.add(row.get("endpoint").asText()));
        return names;
    }

    private static JsonNode report(String query) {
        HttpResult result = server.get("/api/v1/reports" + query, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    private static void assertOk(HttpResult result) {
        assertEquals(200, result.status(), result.body());
    }

    private static void request(ArrayNode records, Instant time, Sent sent) {
        ObjectNode record = records.addObject();
        record.put("timestamp", time.toString());
        record.put("service", "shop");
        record.put("method", sent.method());
        record.put("endpoint", sent.endpoint());
        record.put("path", sent.endpoint());
        record.put("status", sent.status());
        record.put("duration_ms", sent.durationMs());
    }

    private static void statement(ArrayNode records, Instant time, String sql, double durationMs, String requestId) {
        ObjectNode record = records.addObject();
        record.put("timestamp", time.toString());
        record.put("service", "shop");
        record.put("sql", sql);
        record.put("duration_ms", durationMs);
        record.put("request_id", requestId);
        record.put("endpoint", "/orders/{id}");
    }

    private static void error(ArrayNode records, Instant time, String type, String message, String level) {
        ObjectNode record = records.addObject();
        record.put("timestamp", time.toString());
        record.put("service", "shop");
        record.put("exception_type", type);
        record.put("message", message);
        record.put("level", level);
    }

    static Path zip(String plugin) {
        String directory = System.getProperty("reports.owner.zips");
        if (directory == null) {
            throw new IllegalStateException("reports.owner.zips is not set: run this as an integration test");
        }
        Path zip = Path.of(directory, "vigil-plugin-" + plugin + ".zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException(zip + " is missing: the owning plugins are copied there by mvn verify");
        }
        return zip;
    }
}
