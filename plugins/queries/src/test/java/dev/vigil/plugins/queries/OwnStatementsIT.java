package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil analyses its own storage: a plugin whose route runs an N+1 through its DbClient shows up as a finding
 * of service "vigil" at that route's template, and other plugins read the findings through QueryInsights.
 */
class OwnStatementsIT {

    private static final int BOOKS = 7;

    @TempDir
    Path dir;

    /** {@code shelf}: GET /books runs one query for the list, then one per book; GET /insights reads findings. */
    private Path shelfPlugin() throws Exception {
        StringBuilder seed = new StringBuilder();
        for (int i = 1; i <= BOOKS; i++) {
            seed.append(", \"INSERT INTO shelf_books (id, author_id) VALUES (").append(i).append(", ")
                    .append(1 + i % 3).append(")\"");
        }
        String code = """
                package test.shelf;

                import java.util.*;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.services.QueryInsights;
                import dev.vigil.api.storage.Migration;
                import org.pf4j.Extension;

                @Extension
                public class ShelfPlugin implements VigilPlugin {
                    private PluginContext context;

                    public List<Migration> migrations() {
                        return List.of(Migration.of(1, "books",
                            "CREATE TABLE shelf_authors (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                            "CREATE TABLE shelf_books (id BIGINT PRIMARY KEY, author_id BIGINT NOT NULL)",
                            "INSERT INTO shelf_authors (id, name) VALUES (1, 'Ann'), (2, 'Bo'), (3, 'Cy')"
                            %s));
                    }
                    public void start(PluginContext context) {
                        this.context = context;
                    }
                    public void routes(PluginRoutes routes) {
                        routes.get("/books", Role.VIEWER, (req, res) -> {
                            var db = context.storage().db();
                            List<String> names = new ArrayList<>();
                            db.execute().query("SELECT id, author_id FROM shelf_books ORDER BY id").toList()
                                .forEach(book -> names.add(db.execute().get(
                                    "SELECT name FROM shelf_authors WHERE id = ?",
                                    book.column("author_id").get(Number.class).longValue())
                                    .map(r -> r.column("name").getString()).orElse("?")));
                            context.json().send(res, Map.of("authors", names));
                        });
                        // Stands in for the request-metrics plugin: publishes the request events it is given.
                        routes.post("/request-events", Role.ADMIN, (req, res) -> {
                            for (int count : new int[] {120, 10}) {
                                context.events().publish(new dev.vigil.api.events.RequestEvent(
                                    java.time.Instant.now(), "shop", "GET", "/reports/{id}", "/reports/7", 200,
                                    950.0, null, "big-" + count, null, count, 900.0, 512L, null));
                            }
                            context.json().send(res, Map.of("published", 2));
                        });
                        routes.get("/insights", Role.VIEWER, (req, res) -> context.json().send(res, Map.of(
                            "findings", context.services().find(QueryInsights.class)
                                .map(QueryInsights::findings).orElse(List.of()))));
                    }
                }
                """.formatted(seed);
        return PluginJarBuilder.plugin("shelf", "1.0.0").source("test.shelf.ShelfPlugin", code)
                .build(dir.resolve("shelf.jar"));
    }

    @Test
    void flagsRequestsTheRequestMetricsPluginReportsOverTheThreshold() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(shelfPlugin()).start()) {
            assertEquals(200, server.post("/api/v1/shelf/request-events", "{}", server.adminToken()).status());
            JsonNode flagged = TestServer.awaitValue(Duration.ofSeconds(10), "the reported request", () -> {
                JsonNode requests = server.get("/api/v1/queries/requests", server.viewerToken()).json()
                        .get("requests");
                return requests.isEmpty() ? null : requests;
            });
            assertEquals(1, flagged.size(), "only the request over 50 queries: " + flagged);
            assertEquals("big-120", flagged.get(0).get("request_key").asText());
            assertEquals(120, flagged.get(0).get("reported_query_count").asInt());
            assertEquals(0, flagged.get(0).get("query_count").asInt(), "none of its statements came here");
            assertEquals("/reports/{id}", flagged.get(0).get("endpoint").asText());
            assertTrue(flagged.get(0).get("flagged").asBoolean());
            JsonNode detail = server.get("/api/v1/queries/requests/big-120", server.viewerToken()).json();
            assertTrue(detail.get("flagged").asBoolean());
            assertEquals(120, detail.get("reported_query_count").asInt());
            assertEquals(404, server.get("/api/v1/queries/requests/big-10", server.viewerToken()).status());
            JsonNode summary = server.get("/api/v1/queries/summary", server.viewerToken()).json().get("requests");
            assertEquals(1, summary.get("flagged").asInt());
            assertEquals(0, summary.get("analysed").asInt());
        }
    }

    @Test
    void findsAnNPlusOneInVigilsOwnRoutesAndOffersItThroughQueryInsights() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(shelfPlugin())
                .config("queries", "request-window: 200ms\nrequest-max-age: 5s\n").start()) {
            HttpResult books = server.get("/api/v1/shelf/books", server.viewerToken());
            assertEquals(200, books.status(), books.body());
            assertEquals(BOOKS, books.json().get("authors").size());

            JsonNode finding = NPlusOneIT.awaitFinding(server, "N_PLUS_ONE", "/api/v1/shelf/books", 1);
            assertEquals("vigil", finding.get("service").asText());
            assertEquals(BOOKS, finding.get("repeats").asInt());
            assertEquals("select name from shelf_authors where id = ?", finding.get("fingerprint_text").asText());
            assertTrue(finding.get("example_sql").asText().matches("SELECT name FROM shelf_authors WHERE id = \\d"),
                       "the kernel inlines the bound value: " + finding.get("example_sql"));

            // The request's statements carry the request id the kernel gave the HTTP request.
            String requestId = books.header("X-Request-Id");
            assertNotNull(requestId);
            JsonNode request = server.get("/api/v1/queries/requests/" + requestId, server.viewerToken()).json();
            assertEquals(1 + BOOKS, request.get("query_count").asInt(), request.toString());
            assertEquals("shelf", request.at("/statements/0/origin").asText());

            // Another plugin reads the findings through the QueryInsights service.
            JsonNode insights = TestServer.awaitValue(Duration.ofSeconds(5), "findings through QueryInsights", () -> {
                JsonNode found = server.get("/api/v1/shelf/insights", server.viewerToken()).json().get("findings");
                return found.isEmpty() ? null : found;
            });
            assertEquals("N_PLUS_ONE", insights.get(0).get("kind").asText());
            assertEquals("/api/v1/shelf/books", insights.get(0).get("endpoint").asText());
            assertEquals(BOOKS, insights.get(0).get("repeats").asInt());
            assertEquals(1, insights.get(0).get("requests").asInt());

            // Reading the plugin's own routes (which run statements too) never feeds back into the analysis.
            for (int i = 0; i < 3; i++) {
                server.get("/api/v1/queries/n-plus-one", server.viewerToken());
                server.get("/api/v1/queries/summary", server.viewerToken());
            }
            JsonNode services = server.get("/api/v1/queries/summary", server.viewerToken()).json().get("services");
            assertEquals(1, services.size());
            assertEquals(1 + BOOKS, services.get(0).get("statements").asInt(), services.toString());
        }
    }
}
