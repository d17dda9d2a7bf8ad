package dev.vigil.plugins.errors;

import static dev.vigil.plugins.errors.Records.batch;
import static dev.vigil.plugins.errors.Records.javaError;
import static dev.vigil.plugins.errors.Records.otherJavaError;
import static dev.vigil.plugins.errors.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The packaged plugin in a real kernel, over real HTTP, on SQLite and (when available) PostgreSQL. */
class ErrorsPluginIT {

    private static final String INGEST = "/api/v1/errors/ingest";

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void groupsTheSameFaultTogetherAndDifferentFaultsApart(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database)
                .config("errors", "occurrences-per-group: 2\n").start()) {
            // The same fault from three places: other line numbers, order ids, users and releases.
            JsonNode stored = ingest(server, batch(javaError("shop", 4711, 42, "u1", "1.0.0"),
                                                   javaError("shop", 815, 44, "u2", "1.0.1"),
                                                   otherJavaError("shop"),
                                                   javaError("shop", 90210, 51, "u1", "1.1.0")));
            assertEquals(4, stored.get("accepted").asInt());
            assertEquals(2, stored.get("new_groups").asInt());
            long same = stored.at("/group_ids/0").asLong();
            long other = stored.at("/group_ids/2").asLong();
            assertEquals(same, stored.at("/group_ids/1").asLong());
            assertEquals(same, stored.at("/group_ids/3").asLong());
            assertTrue(same != other);

            JsonNode list = get(server, "/api/v1/errors/groups?sort=count");
            assertEquals(2, list.get("total").asInt());
            JsonNode top = list.at("/groups/0");
            assertEquals(same, top.get("id").asLong());
            assertEquals(3, top.get("count").asInt());
            assertEquals(2, top.get("users_affected").asInt());
            assertEquals("unresolved", top.get("status").asText());
            assertEquals("java.lang.IllegalStateException", top.get("exception_type").asText());
            assertEquals("com.shop.orders.OrderService in place", top.get("culprit").asText());

            JsonNode group = get(server, "/api/v1/errors/groups/" + same);
            assertEquals(3, group.get("count").asInt());
            assertEquals(3, group.at("/levels/ERROR").asInt());
            assertEquals(3, group.get("releases").size());
            assertEquals(3, group.get("endpoints").size());
            assertTrue(group.get("endpoints").findValuesAsText("value").contains("/orders/4711"),
                       "query strings are cut from endpoints: " + group.get("endpoints"));
            assertEquals(2, group.get("occurrences").size(), "occurrences-per-group bounds what is kept");
            assertTrue(group.at("/occurrences/0/message").asText().contains("90210"), "newest first");
            assertEquals("com.shop.orders.OrderService", group.at("/occurrences/0/exceptions/0/frames/0/module").asText());
            assertEquals("created", group.at("/history/0/type").asText());
            long inTimeline = 0;
            for (JsonNode bucket : group.get("timeline")) {
                inTimeline += bucket.get("events").asLong();
            }
            assertEquals(3, inTimeline);

            assertEquals(2, get(server, "/api/v1/errors/groups?status=unresolved&service=shop&level=error")
                    .get("total").asInt());
            assertEquals(0, get(server, "/api/v1/errors/groups?level=critical").get("total").asInt());
            assertEquals(0, get(server, "/api/v1/errors/groups?service=billing").get("total").asInt());
            assertEquals(0, get(server, "/api/v1/errors/groups?since=2999-01-01T00%3A00%3A00Z").get("total").asInt());
            assertEquals(2, get(server, "/api/v1/errors/groups?since=2000-01-01T00%3A00%3A00Z").get("total").asInt());
            assertEquals(0, get(server, "/api/v1/errors/groups?since=32503680000000").get("total").asInt());
            assertBadParameter(server, "/api/v1/errors/groups?status=open", "status");
            assertBadParameter(server, "/api/v1/errors/groups?sort=newest", "sort");
            assertBadParameter(server, "/api/v1/errors/groups?since=yesterday", "since");

            JsonNode summary = get(server, "/api/v1/errors/summary?hours=2");
            assertEquals(4, summary.get("events").asInt());
            assertEquals(4, summary.at("/events_by_level/ERROR").asInt());
            assertEquals(4, summary.at("/events_by_service/shop").asInt());
            assertEquals(2, summary.get("new_groups").asInt());
            assertEquals(same, summary.at("/top_groups/0/id").asLong());
            assertEquals(3, summary.at("/top_groups/0/events").asInt());
            assertEquals(2, summary.at("/groups_seen_by_status/unresolved").asInt());
            assertBadParameter(server, "/api/v1/errors/summary?hours=0", "hours");

            assertEquals(404, server.get("/api/v1/errors/groups/999999", server.viewerToken()).status());
            assertBadParameter(server, "/api/v1/errors/groups/abc", "id");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aResolvedGroupThatRecursRegressesAndIgnoredGroupsStayQuiet(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database).start()) {
            long id = ingest(server, batch(javaError("shop", 1, 10, "u1", "1.0.0"))).at("/group_ids/0").asLong();

            assertEquals(403, server.post("/api/v1/errors/groups/" + id + "/resolve", null, server.viewerToken())
                    .status(), "viewers cannot change a group");
            JsonNode resolved = post(server, "/api/v1/errors/groups/" + id + "/resolve", "{\"note\":\"fixed in 1.1\"}");
            assertTrue(resolved.get("changed").asBoolean());
            assertEquals("resolved", resolved.at("/group/status").asText());
            assertEquals("resolved", resolved.at("/group/history/0/type").asText());
            assertEquals("test-admin", resolved.at("/group/history/0/actor").asText());
            assertEquals("fixed in 1.1", resolved.at("/group/history/0/detail").asText());
            assertEquals("test-admin", resolved.at("/group/status_changed_by").asText());
            assertFalse(post(server, "/api/v1/errors/groups/" + id + "/resolve", null).get("changed").asBoolean(),
                        "resolving a resolved group changes nothing");

            JsonNode recurred = ingest(server, batch(javaError("shop", 2, 11, "u2", "1.1.0")));
            assertEquals(1, recurred.get("regressions").asInt());
            JsonNode group = get(server, "/api/v1/errors/groups/" + id);
            assertEquals("unresolved", group.get("status").asText());
            assertTrue(group.get("regressed").asBoolean());
            assertEquals("regressed", group.at("/history/0/type").asText());
            assertEquals("system", group.at("/history/0/actor").asText());
            assertTrue(group.at("/history/0/detail").asText().contains("1.1.0"), group.get("history").toString());
            assertEquals(List.of("regressed", "resolved", "created"), group.get("history").findValuesAsText("type"));
            // Published at once, for alerting.
            assertEquals(1.0, latestSignal(server, "errors.regressions", "shop"));
            assertEquals(1, get(server, "/api/v1/errors/summary?hours=1").get("regressions").asInt());

            JsonNode ignored = post(server, "/api/v1/errors/groups/" + id + "/ignore", null);
            assertEquals("ignored", ignored.at("/group/status").asText());
            assertFalse(ignored.at("/group/regressed").asBoolean());
            Map<String, Object> critical = javaError("shop", 3, 12, "u3", "1.1.0");
            critical.put("level", "critical");
            JsonNode quiet = ingest(server, batch(critical));
            assertEquals(0, quiet.get("regressions").asInt());
            group = get(server, "/api/v1/errors/groups/" + id);
            assertEquals("ignored", group.get("status").asText());
            assertEquals(3, group.get("count").asInt(), "ignored groups still count");
            assertEquals("CRITICAL", group.get("level").asText());
            Double highest = highestSignal(server, "errors.critical_events", "shop");
            assertTrue(highest == null || highest == 0.0, "ignored groups stay quiet, got " + highest);

            JsonNode reopened = post(server, "/api/v1/errors/groups/" + id + "/reopen", null);
            assertEquals("unresolved", reopened.at("/group/status").asText());
            assertEquals("reopened", reopened.at("/group/history/0/type").asText());
            ingest(server, batch(critical));
            assertEquals(1.0, latestSignal(server, "errors.critical_events", "shop"),
                         "a CRITICAL event is published at once");

            assertEquals(404, server.post("/api/v1/errors/groups/424242/ignore", null, server.adminToken()).status());
        }
    }

    @Test
    void rejectsBadBatchesNamingTheRecordAndFieldAndKeepsNothingOfThem() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("errors", "max-batch-records: 3\n")
                .start()) {
            Map<String, Object> good = javaError("shop", 1, 1, "u1", "1");
            assertRejected(server, batch(good, record("service", "shop", "level", "loud", "message", "x")),
                           "records[1].level");
            assertRejected(server, batch(good, good, record("message", "no service")), "records[2].service");
            assertRejected(server, batch(record("service", "shop", "exception_type", "E",
                                                "frames", List.of(Map.of("function", "f", "line", "ten")))),
                           "records[0].frames[0].line");
            assertRejected(server, batch(record("service", "shop", "exception_type", "E", "frames", List.of("f"))),
                           "records[0].frames[0]");
            assertRejected(server, batch(record("service", "shop", "message", "x", "client_ip", "my-laptop")),
                           "records[0].client_ip");
            assertRejected(server, batch(record("service", "shop", "level", "error")), "records[0].message");
            assertRejected(server, batch(record("service", "shop", "message", "x", "timestamp", "yesterday")),
                           "records[0].timestamp");
            assertRejected(server, batch(record("service", "shop", "message", "x", "context", List.of(1))),
                           "records[0].context");
            assertRejected(server, batch(good, good, good, good), "at most 3");
            assertRejected(server, "{\"records\": []}", "no records");
            assertRejected(server, "{\"errors\": []}", "records");
            assertRejected(server, "[{\"service\": ", "not valid JSON");

            assertEquals(403, server.post(INGEST, batch(good), server.viewerToken()).status());
            assertEquals(401, server.post(INGEST, batch(good), null).status());
            assertEquals(403, server.get("/api/v1/errors/groups", server.ingestToken()).status());

            assertEquals(0, get(server, "/api/v1/errors/groups").get("total").asInt(), "nothing of a bad batch is kept");
            assertEquals(0, get(server, "/api/v1/errors/summary").get("events").asInt());
        }
    }

    @Test
    void acceptsBrowserBeaconsSentAsTextWithTheTokenInTheQuery() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            String body = Records.json(List.of(record(
                    "service", "storefront", "level", "error",
                    "stack", "TypeError: Cannot read properties of undefined (reading 'price')\n"
                            + "    at renderCart (https://shop.example.com/static/app.3f2a1b9c.js:10:15)\n"
                            + "    at https://shop.example.com/static/app.3f2a1b9c.js:30:7",
                    "endpoint", "https://shop.example.com/cart?session=abc",
                    "user_agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0",
                    "client_ip", "auto",
                    "page_title", "Your cart")));
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri(INGEST + "?access_token=" + server.ingestToken()))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .header("Origin", "https://shop.example.com")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            JsonNode group = get(server, "/api/v1/errors/groups/" + get(server, "/api/v1/errors/groups")
                    .at("/groups/0/id").asLong());
            assertEquals("TypeError", group.get("exception_type").asText());
            assertEquals("Cannot read properties of undefined (reading 'price')", group.get("message").asText());
            assertEquals("/static/app.js in renderCart", group.get("culprit").asText());
            JsonNode occurrence = group.at("/occurrences/0");
            assertEquals("127.0.0.1", occurrence.get("client_ip").asText());
            assertEquals("https://shop.example.com/cart", occurrence.get("endpoint").asText());
            assertEquals("Your cart", occurrence.at("/context/page_title").asText(),
                         "fields the plugin does not know are kept in the context");
        }
    }

    @Test
    void scrubsEverySecretBeforeAnythingIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("errors", "truncate-client-ip: true\nextra-scrub-keys: [pin]\n").start()) {
            Map<String, Object> error = record(
                    "service", "shop", "exception_type", "PaymentError",
                    "message", "charge of card 4111 1111 1111 1111 failed; upstream said Bearer eyJhbGci.eyJzdWIi.c2ln",
                    "stack", "com.shop.PaymentError: password=hunter2 rejected\n"
                            + "\tat com.shop.Pay.charge(Pay.java:9)\n",
                    "endpoint", "/pay?api_key=k-live-123",
                    "client_ip", "198.51.100.23",
                    "context", Map.of(
                            "request", Map.of("headers", Map.of("Authorization", "Basic dXNlcjpwYXNz",
                                                                "Cookie", "sid=s-998877",
                                                                "Accept", "application/json")),
                            "form", Map.of("PassWord", "hunter3", "Passwd", "hunter4", "pin", "4321",
                                           "client_secret", "cs-555", "api_key", "k-live-456", "SessionId", "sess-777"),
                            "note", "retried with token=t-000 and amex 378282246310005"));
            long id = ingest(server, batch(error)).at("/group_ids/0").asLong();

            String detail = server.get("/api/v1/errors/groups/" + id, server.viewerToken()).body();
            String stored = everythingStored(server);
            List<String> secrets = List.of("4111", "eyJhbGci", "hunter2", "k-live-123", "dXNlcjpwYXNz", "s-998877",
                                           "hunter3", "hunter4", "4321", "cs-555", "k-live-456", "sess-777", "t-000",
                                           "378282246310005", "198.51.100.23");
            for (String secret : secrets) {
                assertFalse(detail.contains(secret), secret + " reached the API: " + detail);
                assertFalse(stored.contains(secret), secret + " reached the database");
            }
            JsonNode occurrence = get(server, "/api/v1/errors/groups/" + id).at("/occurrences/0");
            assertEquals("198.51.100.0", occurrence.get("client_ip").asText());
            assertEquals("application/json", occurrence.at("/context/request/headers/Accept").asText());
            assertEquals("[Filtered]", occurrence.at("/context/form/PassWord").asText());
            assertTrue(occurrence.get("message").asText().contains("[Filtered card]"));
        }
    }

    @Test
    void recordsAnExceptionThrownByAPluginsRouteWhileTheServerKeepsAnswering() throws Exception {
        java.nio.file.Path jars = java.nio.file.Files.createTempDirectory("errors-it-");
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(TestPlugins.thrower(jars)).start()) {
            for (int order : new int[] {17, 4711, 90210}) {
                HttpResult exploded = server.get("/api/v1/thrower/explode?order=" + order, server.viewerToken());
                assertEquals(500, exploded.status(), exploded.body());
            }
            assertEquals(200, server.get("/api/v1/thrower/fine", server.viewerToken()).status());
            assertEquals(200, server.get("/health", null).status());

            // Recorded asynchronously (the kernel publishes, this plugin subscribes): all three, in one group.
            JsonNode routeGroup = TestServer.awaitValue(Duration.ofSeconds(10), "the route's 3 errors in one group", () -> {
                JsonNode found = vigilGroup(server, "java.lang.IllegalStateException");
                return found != null && found.get("count").asInt() == 3 ? found : null;
            });
            JsonNode group = get(server, "/api/v1/errors/groups/" + routeGroup.get("id").asLong());
            assertEquals("java.lang.IllegalStateException", group.get("exception_type").asText());
            assertTrue(group.get("culprit").asText().startsWith("test.thrower.Thrower in "), group.toString());
            JsonNode occurrence = group.at("/occurrences/0");
            assertEquals("thrower", occurrence.at("/context/plugin").asText());
            assertTrue(occurrence.at("/context/where").asText().startsWith("route GET"), occurrence.toString());
            assertTrue(occurrence.get("endpoint").asText().endsWith("/explode"), occurrence.toString());
            assertTrue(occurrence.get("stack").asText().contains("order 90210 exploded"));

            // A task that throws on every run: one group, growing.
            JsonNode taskGroup = TestServer.awaitValue(Duration.ofSeconds(10), "the task's errors to be grouped", () -> {
                JsonNode found = vigilGroup(server, "java.lang.UnsupportedOperationException");
                return found != null && found.get("count").asInt() >= 2 ? found : null;
            });
            JsonNode taskOccurrence = get(server, "/api/v1/errors/groups/" + taskGroup.get("id").asLong())
                    .at("/occurrences/0");
            assertEquals("task tick", taskOccurrence.at("/context/where").asText());
            assertEquals(2, get(server, "/api/v1/errors/groups?service=vigil").get("total").asInt());
            assertEquals(200, server.get("/api/v1/thrower/fine", server.viewerToken()).status());
        }
    }

    private static JsonNode vigilGroup(TestServer server, String exceptionType) {
        for (JsonNode group : get(server, "/api/v1/errors/groups?service=vigil").get("groups")) {
            if (group.get("exception_type").asText().equals(exceptionType)) {
                return group;
            }
        }
        return null;
    }

    @Test
    void countsStoredErrorsByServiceAndLevelAndIngestedRecordsByOutcomeOnMetrics() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            Map<String, Object> critical = otherJavaError("shop");
            critical.put("level", "critical");
            Map<String, Object> warning = javaError("billing", 7, 7, "u7", "1");
            warning.put("level", "warning");
            ingest(server, batch(javaError("shop", 1, 1, "u1", "1"), javaError("shop", 2, 2, "u2", "1"), critical,
                                 warning));
            assertRejected(server, batch(javaError("shop", 3, 3, "u3", "1"), record("service", "shop")),
                           "records[1].message");

            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(2, metrics.value("vigil_errors_total", "service", "shop", "level", "error"));
            assertEquals(1, metrics.value("vigil_errors_total", "service", "shop", "level", "critical"));
            assertEquals(1, metrics.value("vigil_errors_total", "service", "billing", "level", "warning"));
            assertEquals(4, metrics.value("vigil_errors_ingest_records_total", "outcome", "accepted"));
            assertEquals(2, metrics.value("vigil_errors_ingest_records_total", "outcome", "rejected"));
            assertEquals("counter", metrics.typeOf("vigil_errors_total"));
            metrics.assertPromtoolFindsNothing();

            // Occurrences of an ignored group are stored but left out, as they are of the signals.
            long shopGroup = ingest(server, batch(javaError("shop", 4, 4, "u4", "1"))).at("/group_ids/0").asLong();
            post(server, "/api/v1/errors/groups/" + shopGroup + "/ignore", null);
            ingest(server, batch(javaError("shop", 5, 5, "u5", "1")));
            metrics = ScrapedMetrics.of(server);
            assertEquals(3, metrics.value("vigil_errors_total", "service", "shop", "level", "error"));
            assertEquals(6, metrics.value("vigil_errors_ingest_records_total", "outcome", "accepted"));
        }
    }

    @Test
    void publishesPerMinuteSignalsPerServiceWithZeros() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
        try (TestServer server = TestServer.builder().pluginUnderTest().clock(clock).start()) {
            Map<String, Object> critical = otherJavaError("shop");
            critical.put("level", "critical");
            ingest(server, batch(javaError("shop", 1, 1, "u1", "1"), critical, javaError("billing", 2, 2, "u2", "1")));
            assertEquals(1.0, latestSignal(server, "errors.critical_events", "shop"), "published at once");

            clock.advance(Duration.ofMinutes(1));
            awaitMinute(server, "errors.events_per_minute", "shop", "2026-11-23T10:01:00Z", 2.0);
            awaitMinute(server, "errors.events_per_minute", null, "2026-11-23T10:01:00Z", 3.0);
            awaitMinute(server, "errors.new_groups", "shop", "2026-11-23T10:01:00Z", 2.0);
            awaitMinute(server, "errors.critical_events", "shop", "2026-11-23T10:01:00Z", 1.0);
            awaitMinute(server, "errors.regressions", "billing", "2026-11-23T10:01:00Z", 0.0);

            clock.advance(Duration.ofMinutes(1));
            awaitMinute(server, "errors.events_per_minute", "shop", "2026-11-23T10:02:00Z", 0.0);
            awaitMinute(server, "errors.critical_events", "shop", "2026-11-23T10:02:00Z", 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keepsGroupsAcrossRestartsAndDeletesThoseOlderThanTheRetention(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database).clock(clock).start()) {
            long old = ingest(server, batch(javaError("shop", 1, 1, "u1", "1"))).at("/group_ids/0").asLong();
            post(server, "/api/v1/errors/groups/" + old + "/resolve", null);
            server.restart();
            assertEquals("resolved", get(server, "/api/v1/errors/groups/" + old).get("status").asText());

            clock.advance(Duration.ofDays(60));
            long recent = ingest(server, batch(otherJavaError("shop"))).at("/group_ids/0").asLong();
            clock.advance(Duration.ofDays(31));
            runTask(server, "retention");
            TestServer.await(Duration.ofSeconds(10), "the group older than 90 days to be deleted",
                             () -> server.get("/api/v1/errors/groups/" + old, server.viewerToken()).status() == 404);
            JsonNode kept = get(server, "/api/v1/errors/groups/" + recent);
            assertEquals(1, kept.get("occurrences").size());
            assertEquals(1, get(server, "/api/v1/errors/groups").get("total").asInt());

            // The resolved group is gone: the same fault now opens a new group instead of a regression.
            JsonNode again = ingest(server, batch(javaError("shop", 3, 3, "u1", "2")));
            assertEquals(1, again.get("new_groups").asInt());
            assertEquals(0, again.get("regressions").asInt());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void concurrentBatchesOfOneNewFaultMakeOneGroup(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "set VIGIL_TEST_POSTGRES_URL to run against PostgreSQL");
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database).start();
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<HttpResult>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int order = i;
                results.add(threads.submit(() -> server.post(INGEST, batch(javaError("shop", order, order, "u" + order,
                                                                                     "1")), server.ingestToken())));
            }
            for (Future<HttpResult> result : results) {
                assertEquals(200, result.get().status(), result.get().body());
            }
            JsonNode groups = get(server, "/api/v1/errors/groups");
            assertEquals(1, groups.get("total").asInt());
            assertEquals(16, groups.at("/groups/0/count").asInt());
            assertEquals(16, groups.at("/groups/0/users_affected").asInt());
        }
    }

    // --- helpers

    private static JsonNode ingest(TestServer server, String body) {
        HttpResult result = server.post(INGEST, body, server.ingestToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    private static JsonNode get(TestServer server, String path) {
        HttpResult result = server.get(path, server.viewerToken());
        assertEquals(200, result.status(), path + ": " + result.body());
        return result.json();
    }

    private static JsonNode post(TestServer server, String path, String body) {
        HttpResult result = server.post(path, body, server.adminToken());
        assertEquals(200, result.status(), path + ": " + result.body());
        return result.json();
    }

    private static void assertRejected(TestServer server, String body, String mentioned) {
        HttpResult result = server.post(INGEST, body, server.ingestToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().contains(mentioned), "expected '" + mentioned + "' in " + result.body());
    }

    private static void assertBadParameter(TestServer server, String path, String parameter) {
        HttpResult result = server.get(path, server.viewerToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().contains("'" + parameter + "'"), result.body());
    }

    private static void runTask(TestServer server, String task) {
        assertEquals(202, server.post("/api/v1/admin/plugins/errors/tasks/" + task + "/run", null,
                                      server.adminToken()).status());
    }

    /** The latest value of a signal series ({@code service} null: the overall one), or null when never published. */
    private static Double latestSignal(TestServer server, String name, String service) {
        JsonNode series = get(server, "/api/v1/admin/signals?name=" + name + "&minutes=10080").get("series");
        for (JsonNode each : series) {
            JsonNode labels = each.get("labels");
            boolean match = service == null ? labels.isEmpty() : service.equals(labels.path("service").asText(null));
            if (match && !each.get("points").isEmpty()) {
                JsonNode points = each.get("points");
                return points.get(points.size() - 1).get("value").asDouble();
            }
        }
        return null;
    }

    /** The highest value of a signal series so far, or null when never published. */
    private static Double highestSignal(TestServer server, String name, String service) {
        Double highest = null;
        for (JsonNode each : get(server, "/api/v1/admin/signals?name=" + name + "&minutes=10080").get("series")) {
            if (service.equals(each.get("labels").path("service").asText(null))) {
                for (JsonNode point : each.get("points")) {
                    highest = highest == null ? point.get("value").asDouble()
                            : Math.max(highest, point.get("value").asDouble());
                }
            }
        }
        return highest;
    }

    /** Triggers the publishing task until the series has a point at {@code time} with {@code value}. */
    private static void awaitMinute(TestServer server, String name, String service, String time, double value) {
        TestServer.await(Duration.ofSeconds(10), name + " of " + service + " at " + time + " = " + value, () -> {
            runTask(server, "publish-signals");
            JsonNode series = get(server, "/api/v1/admin/signals?name=" + name + "&minutes=10080").get("series");
            for (JsonNode each : series) {
                JsonNode labels = each.get("labels");
                boolean match = service == null ? labels.isEmpty()
                        : service.equals(labels.path("service").asText(null));
                for (JsonNode point : match ? each.get("points") : List.<JsonNode>of()) {
                    if (Instant.parse(point.get("time").asText()).equals(Instant.parse(time))
                            && point.get("value").asDouble() == value) {
                        return true;
                    }
                }
            }
            return false;
        });
    }

    /** Every text column of every table of the plugin, straight from the database. */
    private static String everythingStored(TestServer server) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
             Statement statement = connection.createStatement()) {
            for (String table : List.of("errors_groups", "errors_occurrences", "errors_group_values", "errors_history",
                                        "errors_minutes", "errors_group_hours")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int i = 1; i <= columns; i++) {
                            all.append(rows.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        assertTrue(all.length() > 0);
        return all.toString();
    }
}
