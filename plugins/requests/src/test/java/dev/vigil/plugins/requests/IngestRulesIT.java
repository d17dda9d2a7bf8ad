package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** Every kind of bad batch is refused whole, naming the record and field, and nothing of it is stored. */
class IngestRulesIT {

    private static final String INGEST = "/api/v1/requests/ingest";
    private static final String SMALL_LIMITS = """
            max-batch-records: 5
            max-body-bytes: 4096
            record-own-traffic: false
            """;

    private static long storedShopRecords(TestServer server) {
        return server.get("/api/v1/requests/summary?service=shop", server.viewerToken()).json().get("total").asLong();
    }

    /** Two good records, then a third spoiled by {@code spoil}. */
    private static String batchSpoiling(Consumer<ObjectNode> spoil) {
        Instant now = Instant.now();
        Batch batch = Batch.of().add(now, "/a", 200, 5).add(now, "/b", 200, 6).add(now, "/c", 200, 7);
        spoil.accept(batch.last());
        return batch.json();
    }

    private static void assertRefused(TestServer server, String body, String expectedMessageStart) {
        HttpResult result = server.post(INGEST, body, server.ingestToken());
        assertEquals(400, result.status(), result.body());
        assertTrue(result.errorMessage().startsWith(expectedMessageStart),
                   "expected '" + expectedMessageStart + "...', got: " + result.errorMessage());
    }

    @Test
    void refusesEveryKindOfBadBatchWholeAndKeepsWhatWasStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", SMALL_LIMITS).start()) {
            Instant now = Instant.now();
            assertEquals(200, server.post(INGEST, Batch.of().add(now, "/kept", 200, 3).json(), server.ingestToken())
                    .status());

            assertEquals(400, server.post(INGEST, "{\"records\": [ {\"service\": ", server.ingestToken()).status());
            assertRefused(server, "{\"records\": {}}", "the body must be a JSON array");
            assertRefused(server, "[]", "the batch holds no records");
            assertRefused(server, "[42]", "records[0]: must be a JSON object");
            assertRefused(server, batchSpoiling(r -> r.put("duration_ms", "slow")), "records[2].duration_ms:");
            assertRefused(server, batchSpoiling(r -> r.remove("endpoint")), "records[2].endpoint: is required");
            assertRefused(server, batchSpoiling(r -> r.remove("timestamp")), "records[2].timestamp: is required");
            assertRefused(server, batchSpoiling(r -> r.put("duration_ms", -0.5)),
                          "records[2].duration_ms: must be a number from 0 to 86400000");
            assertRefused(server, batchSpoiling(r -> r.put("status", 700)), "records[2].status: must be between");
            assertRefused(server, batchSpoiling(r -> r.put("status", "OK")), "records[2].status:");
            assertRefused(server, batchSpoiling(r -> r.put("timestamp", now.plus(Duration.ofHours(1)).toString())),
                          "records[2].timestamp: is more than 5m ahead of the server's clock");
            assertRefused(server, batchSpoiling(r -> r.put("method", "GET /x")), "records[2].method:");

            Batch tooMany = Batch.of();
            for (int i = 0; i < 6; i++) {
                tooMany.add(now, "/a", 200, i);
            }
            HttpResult overCount = server.post(INGEST, tooMany.json(), server.ingestToken());
            assertEquals(400, overCount.status());
            assertEquals("batch_too_large", overCount.errorCode());

            String huge = batchSpoiling(r -> r.put("note", "x".repeat(5000)));
            HttpResult overSize = server.post(INGEST, huge, server.ingestToken());
            assertEquals(413, overSize.status(), overSize.body());

            assertEquals(1, storedShopRecords(server), "only the first, good batch is stored");
            assertEquals(1, server.get("/api/v1/requests/slow?min_ms=0&service=shop", server.viewerToken()).json()
                    .get("requests").size());
        }
    }

    @Test
    void ingestNeedsTheIngestRoleAndTakesTheTokenInTheQueryForBeacons() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", SMALL_LIMITS).start()) {
            String body = Batch.of().add(Instant.now(), "/a", 200, 5).json();
            assertEquals(403, server.post(INGEST, body, server.viewerToken()).status());
            assertEquals(401, server.post(INGEST, body, null).status());
            HttpResult beacon = server.post(INGEST + "?access_token=" + server.ingestToken(), body, null);
            assertEquals(200, beacon.status(), beacon.body());
            assertEquals("*", beacon.header("Access-Control-Allow-Origin"));
            assertEquals(403, server.get("/api/v1/requests/summary", server.ingestToken()).status());
            assertEquals(1, storedShopRecords(server));
            assertEquals(0, server.get("/api/v1/requests/summary?service=vigil", server.viewerToken()).json()
                    .get("total").asLong(), "record-own-traffic: false records none of Vigil's requests");
        }
    }

    @Test
    void badQueryParametersAreNamed() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", SMALL_LIMITS).start()) {
            HttpResult hours = server.get("/api/v1/requests/summary?hours=1000", server.viewerToken());
            assertEquals(400, hours.status());
            assertTrue(hours.errorMessage().contains("'hours'"), hours.errorMessage());
            HttpResult sort = server.get("/api/v1/requests/endpoints?sort=fastest", server.viewerToken());
            assertEquals(400, sort.status());
            assertTrue(sort.errorMessage().contains("'sort'"), sort.errorMessage());
            HttpResult key = server.get("/api/v1/requests/endpoints/not-a-key", server.viewerToken());
            assertEquals(400, key.status());
            assertTrue(key.errorMessage().startsWith("key:"), key.errorMessage());
            assertEquals(400, server.get("/api/v1/requests/slow?limit=0", server.viewerToken()).status());
        }
    }

    @Test
    void followsALiveConfigEditAndKeepsTheLastGoodOneOnABadEdit() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", SMALL_LIMITS).start()) {
            server.writeConfig("requests", SMALL_LIMITS + "slow-request-ms: 250\n");
            TestServer.await(Duration.ofSeconds(5), "the new slow threshold", () -> server.get(
                    "/api/v1/requests/summary", server.viewerToken()).json().get("slow_threshold_ms").asDouble() == 250);
            server.writeConfig("requests", SMALL_LIMITS + "slow-request-ms: -1\n");
            TestServer.await(Duration.ofSeconds(5), "the bad edit to be reported", () -> server.get(
                    "/api/v1/admin/plugins/requests", server.viewerToken()).json().at("/config/error").asText("")
                    .contains("slow-request-ms must be a number > 0"));
            assertEquals(250, server.get("/api/v1/requests/summary", server.viewerToken()).json()
                    .get("slow_threshold_ms").asDouble());
        }
    }
}
