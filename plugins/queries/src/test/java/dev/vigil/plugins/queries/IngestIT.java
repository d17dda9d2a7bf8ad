package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/** The ingest route's batch rules, slow statements, retention and signals, through the packaged plugin. */
class IngestIT {

    /** An hour ago: times older than the retention are refused. */
    private static final String AN_HOUR_AGO = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS)
            .toString();
    private static final String GOOD = record(AN_HOUR_AGO, "shop", "SELECT * FROM carts WHERE id = 1",
                                              "12.5", "r-good");

    private static String record(String timestamp, String service, String sql, String durationMs, String requestId) {
        return "{\"timestamp\":\"" + timestamp + "\",\"service\":\"" + service + "\",\"sql\":\"" + sql
                + "\",\"duration_ms\":" + durationMs + ",\"request_id\":\"" + requestId + "\"}";
    }

    @Test
    void badBatchesAreRejectedWholeNamingTheRecordAndFieldWithNothingStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("queries", "max-batch-records: 3\nmax-sql-length: 100\n").start()) {
            String[][] cases = {
                {"not json", null},
                {"{\"records\": 5}", null},
                {"[]", null},
                {"[" + GOOD + ", {\"timestamp\":\"" + AN_HOUR_AGO + "\",\"service\":\"shop\",\"duration_ms\":1}]",
                    "records[1].sql: is required"},
                {"[" + GOOD + ", " + GOOD.replace("12.5", "-1") + "]", "records[1].duration_ms: must be a number from 0 to 86400000"},
                {"[" + GOOD.replace("12.5", "\"slow\"") + "]", "records[0].duration_ms: must be a number"},
                {"[" + GOOD.replace(AN_HOUR_AGO, "yesterday") + "]", "records[0].timestamp: must be"},
                {"[" + GOOD.replace("\"service\":\"shop\"", "\"service\":\" \"") + "]", "records[0].service: is required"},
                {"[" + GOOD.replace("\"r-good\"", "\"r-good\",\"params\":{\"id\":1}") + "]",
                    "records[0].params: must be an array"},
                {"[" + GOOD.replace("\"r-good\"", "\"r-good\",\"params\":[[1]]") + "]",
                    "records[0].params: value 0 must be a string, number, boolean or null"},
                {"[" + GOOD.replace("\"r-good\"", "\"r-good\",\"rows\":-3") + "]", "records[0].rows: must be an integer from 0 to 1000000000"},
                {"[" + GOOD.replace("\"r-good\"", "\"r-good\",\"rows\":1.5") + "]", "records[0].rows: must be an integer"},
                {"[" + GOOD + ", " + GOOD.replace("SELECT * FROM carts WHERE id = 1", "SELECT " + "x, ".repeat(40) + "y")
                    + "]", "records[1].sql: is longer than 100 characters"},
                {"[" + GOOD + ", " + GOOD + ", " + GOOD + ", " + GOOD + "]", "the batch holds 4 records"},
                {"[" + GOOD + ", 7]", "records[1]: must be a JSON object"},
            };
            for (String[] bad : cases) {
                HttpResult result = server.post("/api/v1/queries/ingest", bad[0], server.ingestToken());
                assertEquals(400, result.status(), bad[0] + " -> " + result.body());
                if (bad[1] != null) {
                    assertTrue(result.errorMessage().startsWith(bad[1]), bad[1] + " / " + result.errorMessage());
                }
            }
            assertEquals(401, server.post("/api/v1/queries/ingest", "[" + GOOD + "]", null).status());
            assertEquals(403, server.post("/api/v1/queries/ingest", "[" + GOOD + "]", server.viewerToken()).status());

            JsonNode summary = server.get("/api/v1/queries/summary?hours=720", server.viewerToken()).json();
            assertEquals(0, summary.get("statements").asInt(), "nothing of a refused batch is stored");
            assertEquals(0, server.get("/api/v1/queries/fingerprints?hours=720", server.viewerToken()).json()
                    .get("fingerprints").size());
            assertEquals(404, server.get("/api/v1/queries/requests/r-good", server.viewerToken()).status());

            HttpResult accepted = server.post("/api/v1/queries/ingest", "{\"records\": [" + GOOD + ", " + GOOD
                    .replace("id = 1", "id = 2") + "]}", server.ingestToken());
            assertEquals(200, accepted.status(), accepted.body());
            assertEquals(2, accepted.json().get("accepted").asInt());
            assertEquals(1, accepted.json().get("fingerprints").asInt());
            assertEquals(2, server.get("/api/v1/queries/requests/r-good", server.viewerToken()).json()
                    .get("query_count").asInt());
        }
    }

    @Test
    void statementDurationsFindingsAndRecordsAreCountedOnMetrics() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("queries", "request-window: 100ms\nrequest-max-age: 1s\nn-plus-one-min-repeats: 3\n")
                .start()) {
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                records.add(inDatabase(record(AN_HOUR_AGO, "shop", "SELECT * FROM lines WHERE order_id = " + i, "1",
                                              "r-n1"), "orders"));
            }
            records.add(inDatabase(record(AN_HOUR_AGO, "shop", "SELECT * FROM orders WHERE id = 7", "850", "r-n1"),
                                   "orders"));
            records.add(inDatabase(record(AN_HOUR_AGO, "billing", "SELECT * FROM ledger", "30", "r-bill"), "ledger"));
            HttpResult accepted = server.post("/api/v1/queries/ingest", "[" + String.join(",", records) + "]",
                                              server.ingestToken());
            assertEquals(200, accepted.status(), accepted.body());
            assertEquals(400, server.post("/api/v1/queries/ingest", "[" + GOOD + ", " + GOOD.replace("12.5", "-1")
                    + "]", server.ingestToken()).status());

            ScrapedMetrics metrics = TestServer.awaitValue(Duration.ofSeconds(10), "the N+1 request analysed", () -> {
                ScrapedMetrics now = ScrapedMetrics.of(server);
                return now.find("vigil_queries_n_plus_one_findings_total", "service", "shop").isPresent() ? now
                        : null;
            });
            assertEquals(1, metrics.value("vigil_queries_n_plus_one_findings_total", "service", "shop"));
            String histogram = "vigil_db_query_duration_seconds";
            assertEquals("histogram", metrics.typeOf(histogram));
            assertEquals(6, metrics.value(histogram + "_count", "service", "shop", "database", "orders"));
            assertEquals(0.855, metrics.value(histogram + "_sum", "service", "shop", "database", "orders"), 1e-9);
            assertEquals(5, metrics.value(histogram + "_bucket", "service", "shop", "database", "orders", "le",
                                          "0.001"));
            assertEquals(5, metrics.value(histogram + "_bucket", "service", "shop", "database", "orders", "le",
                                          "0.5"));
            assertEquals(6, metrics.value(histogram + "_bucket", "service", "shop", "database", "orders", "le",
                                          "1.0"));
            assertEquals(1, metrics.value(histogram + "_count", "service", "billing", "database", "ledger"));
            assertEquals(7, metrics.value("vigil_queries_ingest_records_total", "outcome", "accepted"));
            assertEquals(2, metrics.value("vigil_queries_ingest_records_total", "outcome", "rejected"));
            metrics.assertPromtoolFindsNothing();
        }
    }

    private static String inDatabase(String record, String database) {
        return record.substring(0, record.length() - 1) + ",\"database\":\"" + database + "\"}";
    }

    @Test
    void slowStatementsAreListedWithTheirFingerprintAndOldDataGoesAtRetention() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(10));
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("queries", "slow-query-ms: 100\nrequest-window: 100ms\nrequest-max-age: 1s\n"
                        + "finding-retention: 5d\naggregate-retention: 20d\n").start()) {
            List<String> records = new ArrayList<>();
            for (Instant at : List.of(old, now)) {
                String request = at.equals(old) ? "r-old" : "r-new";
                records.add(record(at.toString(), "shop", "SELECT * FROM orders WHERE total > 1000", "850", request));
                records.add(record(at.toString(), "shop", "SELECT * FROM orders WHERE total > 5", "99.9", request));
                String lines = at.equals(old) ? "old_lines" : "lines";
                for (int i = 0; i < 5; i++) {
                    records.add(record(at.toString(), "shop", "SELECT * FROM " + lines + " WHERE order_id = " + i,
                                       "1", request));
                }
            }
            assertEquals(200, server.post("/api/v1/queries/ingest", "[" + String.join(",", records) + "]",
                                          server.ingestToken()).status());

            JsonNode slow = server.get("/api/v1/queries/slow?hours=720", server.viewerToken()).json()
                    .get("statements");
            assertEquals(2, slow.size(), "only statements of at least 100 ms: " + slow);
            assertEquals("SELECT * FROM orders WHERE total > 1000", slow.get(0).get("sql").asText());
            assertEquals(850.0, slow.get(0).get("duration_ms").asDouble());
            assertEquals(Fingerprinter.fingerprint("select * from orders where total > ?", SqlDialect.GENERIC).id(),
                         slow.get(0).get("fingerprint").asText());
            assertEquals("select * from orders where total > ?", slow.get(0).get("fingerprint_text").asText());
            assertEquals(1, server.get("/api/v1/queries/slow", server.viewerToken()).json().get("statements").size(),
                         "the last 24 hours by default");

            TestServer.await(Duration.ofSeconds(10), "both requests analysed", () -> server.get(
                    "/api/v1/queries/requests?hours=720&min_queries=0", server.viewerToken()).json().get("requests")
                    .size() == 2);
            assertEquals(2, server.get("/api/v1/queries/n-plus-one", server.viewerToken()).json().get("findings")
                    .size());
            JsonNode shapes = server.get("/api/v1/queries/fingerprints?hours=720&sort=avg", server.viewerToken())
                    .json().get("fingerprints");
            assertEquals(3, shapes.size());
            assertEquals(474.95, shapes.get(0).get("avg_ms").asDouble(), 1e-9);
            assertEquals(2, shapes.get(0).get("slow").asInt());

            HttpResult run = server.post("/api/v1/admin/plugins/queries/tasks/retention/run", "{}",
                                         server.adminToken());
            assertEquals(202, run.status(), run.body());
            TestServer.await(Duration.ofSeconds(10), "old statements deleted", () ->
                    server.get("/api/v1/queries/requests/r-old", server.viewerToken()).status() == 200
                            && server.get("/api/v1/queries/requests/r-old", server.viewerToken()).json()
                                       .get("statements").isEmpty());
            // The per-request statements (3 days), slow statements (7 days) and the finding (5 days) of ten days
            // ago are gone; the analysed request and the minute figures (20 days) remain.
            assertEquals(1, server.get("/api/v1/queries/slow?hours=720", server.viewerToken()).json()
                    .get("statements").size());
            assertEquals(7, server.get("/api/v1/queries/requests/r-new", server.viewerToken()).json()
                    .get("statements").size());
            JsonNode oldRequest = server.get("/api/v1/queries/requests/r-old", server.viewerToken()).json();
            assertEquals(7, oldRequest.get("query_count").asInt());
            assertEquals(14, server.get("/api/v1/queries/summary?hours=720", server.viewerToken()).json()
                    .get("statements").asInt());
            JsonNode findings = server.get("/api/v1/queries/n-plus-one", server.viewerToken()).json().get("findings");
            assertEquals(1, findings.size());
            assertEquals("SELECT * FROM lines WHERE order_id = 0", findings.get(0).get("example_sql").asText());

            // A live edit of the threshold applies to what the slow list shows.
            server.writeConfig("queries", "slow-query-ms: 900\n");
            TestServer.await(Duration.ofSeconds(10), "the new slow threshold", () -> server.get(
                    "/api/v1/queries/slow?hours=720", server.viewerToken()).json().get("min_ms").asDouble() == 900);
            assertEquals(0, server.get("/api/v1/queries/slow?hours=720", server.viewerToken()).json()
                    .get("statements").size());
        }
    }

    @Test
    void publishesTheMinutesSignals() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("queries", "slow-query-ms: 100\nrequest-window: 100ms\nrequest-max-age: 1s\n").start()) {
            String at = Instant.now().toString();
            List<String> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                records.add(record(at, "shop", "SELECT name FROM users WHERE id = " + i, "10", "r1"));
            }
            records.add(record(at, "shop", "SELECT * FROM reports", "400", "r2"));
            records.add(record(at, "shop", "SELECT 1", "10", "r2"));
            assertEquals(200, server.post("/api/v1/queries/ingest", "[" + String.join(",", records) + "]",
                                          server.ingestToken()).status());
            NPlusOneIT.awaitFinding(server, "N_PLUS_ONE", null, 1);
            TestServer.await(Duration.ofSeconds(10), "both requests analysed", () -> server.get(
                    "/api/v1/queries/summary", server.viewerToken()).json().at("/requests/analysed").asInt() == 2);
            // Percentiles by nearest rank: of eight statements, the one slow report is the p95 (within 1%).
            JsonNode summary = server.get("/api/v1/queries/summary", server.viewerToken()).json();
            assertEquals(400, summary.get("p95_ms").asDouble(), 4);
            assertEquals(10, summary.get("p50_ms").asDouble(), 0.1);

            assertEquals(202, server.post("/api/v1/admin/plugins/queries/tasks/publish-signals/run", "{}",
                                          server.adminToken()).status());
            assertEquals(4.0, awaitSignal(server, "queries.per_request", "shop"), 1e-9);
            assertEquals(470.0 / 8, awaitSignal(server, "queries.avg_ms", "shop"), 1e-9);
            assertEquals(470.0 / 8, awaitSignal(server, "queries.avg_ms", null), 1e-9);
            assertEquals(1.0, awaitSignal(server, "queries.slow_count", "shop"), 1e-9);
            assertEquals(1.0, awaitSignal(server, "queries.n_plus_one_findings", "shop"), 1e-9);
            assertEquals(1.0, awaitSignal(server, "queries.n_plus_one_findings", null), 1e-9);
        }
    }

    /** The latest value of a signal for a service (null: the overall series). */
    private static double awaitSignal(TestServer server, String name, String service) {
        return TestServer.awaitValue(Duration.ofSeconds(10), name + " for " + service, () -> {
            JsonNode series = server.get("/api/v1/admin/signals?name=" + name, server.viewerToken()).json()
                    .get("series");
            for (JsonNode each : series) {
                JsonNode labels = each.get("labels");
                boolean matches = service == null ? labels.isEmpty()
                        : service.equals(labels.path("service").asText(null));
                if (matches && !each.get("points").isEmpty()) {
                    return each.get("points").get(each.get("points").size() - 1).get("value").asDouble();
                }
            }
            return null;
        });
    }
}
