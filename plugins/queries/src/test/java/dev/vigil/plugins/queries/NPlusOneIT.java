package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "done when" of the plugin: an application that really runs an N+1 through JDBC reports its statements,
 * and the finding appears; a request with distinct statements gives none; a request that repeats one identical
 * statement gives its own finding. On SQLite, and on PostgreSQL when it is available.
 */
class NPlusOneIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONFIG = """
            request-window: 200ms
            request-max-age: 5s
            query-count-threshold: 10
            """;
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path appDir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void findsTheNPlusOneOfARequestThatReallyRanOneAndNothingElse(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = TestServer.builder().pluginUnderTest().config("queries", CONFIG).database(database)
                .start();
             LibraryApp app = new LibraryApp(Files.createDirectories(appDir.resolve(database.name())), 4, 12)) {
            String viewer = server.viewerToken();

            // The app serves three requests, then its agent reports them in one batch.
            assertEquals(12, app.listBooksJoined("req-joined").size());
            assertEquals(12, app.listBooksOneByOne("req-n1").size());
            assertEquals(12, app.listPricesWithCurrencyLookup("req-prices").size());
            HttpResult ingested = server.post("/api/v1/queries/ingest", app.takeReport(MAPPER), server.ingestToken());
            assertEquals(200, ingested.status(), ingested.body());
            assertEquals(2 + 13 + 13, ingested.json().get("accepted").asInt());

            String authorShape = Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = ?", SqlDialect.SQLITE)
                    .id();
            JsonNode nPlusOne = awaitFinding(server, "N_PLUS_ONE", "/books", 1);
            assertEquals(LibraryApp.SERVICE, nPlusOne.get("service").asText());
            assertEquals(authorShape, nPlusOne.get("fingerprint").asText());
            assertEquals("select name from authors where id = ?", nPlusOne.get("fingerprint_text").asText());
            assertEquals("SELECT name FROM authors WHERE id = ?", nPlusOne.get("example_sql").asText());
            assertEquals(app.books(), nPlusOne.get("repeats").asInt());
            assertEquals(timeOf(app.reportedFor("req-n1"), "SELECT name FROM authors WHERE id = ?"),
                         nPlusOne.get("total_time_ms").asDouble(), 1e-6);
            assertEquals("req-n1", nPlusOne.get("last_request").asText());

            JsonNode repeated = awaitFinding(server, "REPEATED_IDENTICAL", "/books/prices", 1);
            assertEquals("SELECT value FROM settings WHERE key = 'currency'", repeated.get("example_sql").asText());
            assertEquals(app.books(), repeated.get("repeats").asInt());

            // Every request has been analysed; the distinct one and the identical one show no N+1.
            JsonNode findings = server.get("/api/v1/queries/n-plus-one", viewer).json().get("findings");
            assertEquals(2, findings.size(), findings.toString());
            assertTrue(findingsAt(findings, "/books/joined").isEmpty());
            assertEquals(List.of("REPEATED_IDENTICAL"), findingsAt(findings, "/books/prices").stream()
                    .map(f -> f.get("kind").asText()).toList());
            JsonNode joined = server.get("/api/v1/queries/requests/req-joined", viewer).json();
            assertEquals(2, joined.get("query_count").asInt());
            assertEquals(0, joined.get("findings").size());
            assertFalse(joined.get("flagged").asBoolean());

            // The N+1 request: its statements in order, flagged over the threshold of 10, the finding live.
            JsonNode request = server.get("/api/v1/queries/requests/req-n1", viewer).json();
            assertEquals(13, request.get("query_count").asInt());
            assertTrue(request.get("flagged").asBoolean());
            assertEquals("/books", request.get("endpoint").asText());
            assertEquals("SELECT id, title, author_id FROM books ORDER BY id",
                         request.at("/statements/0/sql").asText());
            assertEquals("N_PLUS_ONE", request.at("/findings/0/kind").asText());
            JsonNode flagged = server.get("/api/v1/queries/requests", viewer).json().get("requests");
            assertEquals(List.of("req-n1", "req-prices"), texts(flagged, "request_key").stream().sorted().toList());

            // The same N+1 again in another request updates the one finding.
            app.listBooksOneByOne("req-n1-again");
            assertEquals(200, server.post("/api/v1/queries/ingest", app.takeReport(MAPPER), server.ingestToken())
                    .status());
            JsonNode updated = awaitFinding(server, "N_PLUS_ONE", "/books", 2);
            assertEquals(nPlusOne.get("id").asLong(), updated.get("id").asLong());
            assertEquals("req-n1-again", updated.get("last_request").asText());
            assertEquals(timeOf(app.reportedFor("req-n1"), "SELECT name FROM authors WHERE id = ?")
                                 + timeOf(app.reportedFor("req-n1-again"), "SELECT name FROM authors WHERE id = ?"),
                         updated.get("total_time_ms").asDouble(), 1e-6);

            // The fingerprint shows where it runs from and how often.
            JsonNode shape = server.get("/api/v1/queries/fingerprints/" + authorShape, viewer).json();
            assertEquals(2L * app.books(), shape.at("/window/executions").asLong());
            assertEquals("/books", shape.at("/endpoints/0/endpoint").asText());
            assertEquals(1, shape.get("findings").size());
            JsonNode byCount = server.get("/api/v1/queries/fingerprints?sort=count", viewer).json()
                    .get("fingerprints");
            assertEquals(authorShape, byCount.get(0).get("id").asText());

            // Findings and figures outlive a restart.
            server.restart();
            JsonNode afterRestart = server.get("/api/v1/queries/n-plus-one?kind=n_plus_one", viewer).json();
            assertEquals(2, afterRestart.at("/findings/0/requests").asInt());
            JsonNode summary = server.get("/api/v1/queries/summary", viewer).json();
            assertEquals(2 + 13 + 13 + 13, summary.get("statements").asInt());
            assertEquals(4, summary.at("/requests/analysed").asInt());
            assertEquals(3, summary.at("/requests/flagged").asInt());
            assertEquals(1, summary.at("/findings/n_plus_one").asInt());
            assertEquals(1, summary.at("/findings/repeated_identical").asInt());
        }
    }

    /**
     * Waits for the finding of this kind at this endpoint (null: none known) once it has been seen in
     * {@code requests} requests.
     */
    static JsonNode awaitFinding(TestServer server, String kind, String endpoint, int requests) {
        return TestServer.awaitValue(WAIT, kind + " at " + endpoint + " in " + requests + " requests", () -> {
            JsonNode findings = server.get("/api/v1/queries/n-plus-one", server.viewerToken()).json().get("findings");
            for (JsonNode finding : findings) {
                if (finding.get("kind").asText().equals(kind)
                        && (endpoint == null ? finding.get("endpoint").isNull()
                                : finding.get("endpoint").asText().equals(endpoint))
                        && finding.get("requests").asInt() == requests) {
                    return finding;
                }
            }
            return null;
        });
    }

    private static List<JsonNode> findingsAt(JsonNode findings, String endpoint) {
        List<JsonNode> at = new ArrayList<>();
        findings.forEach(f -> {
            if (f.get("endpoint").asText().equals(endpoint)) {
                at.add(f);
            }
        });
        return at;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }

    private static double timeOf(List<LibraryApp.Reported> statements, String sql) {
        return statements.stream().filter(r -> r.sql().equals(sql)).mapToDouble(LibraryApp.Reported::durationMs).sum();
    }
}
