package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/**
 * Numbers out of their finite range, times outside the shared window and methods that are not HTTP methods are
 * refused at the edge, the whole batch, naming the field and the rule; the summary stays as it was.
 */
class IngestRangesIT {

    private static final String INGEST = "/api/v1/requests/ingest";

    private static String batchSpoiling(Consumer<ObjectNode> spoil) {
        Instant now = Instant.now();
        Batch batch = Batch.of().add(now, "/a", 200, 5).add(now, "/b", 200, 6);
        spoil.accept(batch.last());
        return batch.json();
    }

    private static String refusal(TestServer server, Consumer<ObjectNode> spoil) {
        HttpResult result = server.post(INGEST, batchSpoiling(spoil), server.ingestToken());
        assertEquals(400, result.status(), result.body());
        return result.errorMessage();
    }

    /** The stored figures; without the window's end, which moves with the clock. */
    private static JsonNode summary(TestServer server) {
        ObjectNode summary = (ObjectNode) server.get("/api/v1/requests/summary?service=shop&hours=720",
                                                     server.viewerToken()).json();
        summary.remove("to");
        return summary;
    }

    @Test
    void hugeNumbersOldOrFarFutureTimesAndUnknownMethodsAreRefusedAndNothingIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", "record-own-traffic: false\n")
                .start()) {
            assertEquals(200, server.post(INGEST, Batch.of().add(Instant.now(), "/kept", 200, 3).json(),
                                          server.ingestToken()).status());
            JsonNode before = summary(server);

            assertEquals("records[1].method: must be one of [CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, "
                                 + "PUT, TRACE]", refusal(server, r -> r.put("method", "BREW")));
            assertEquals("records[1].query_time_ms: must be a number from 0 to 86400000",
                         refusal(server, r -> r.put("query_time_ms", 1e308)));
            String duration = "records[1].duration_ms: must be a number from 0 to 86400000";
            assertEquals(duration, refusal(server, r -> r.put("duration_ms", 1.7e308)));
            assertEquals(duration, refusal(server, r -> r.put("duration_ms", 1e300)));
            assertEquals("records[1].query_count: must be an integer from 0 to 1000000000",
                         refusal(server, r -> r.put("query_count", 10_000_000_000L)));
            assertEquals("records[1].bytes: must be an integer from 0 to 1000000000000",
                         refusal(server, r -> r.put("bytes", Long.MAX_VALUE)));
            for (long old : new long[] {-1, -5}) {
                String message = refusal(server, r -> r.put("timestamp", old));
                assertTrue(message.startsWith("records[1].timestamp: is older than the retention of 30d"), message);
            }
            String ahead = refusal(server, r -> r.put("timestamp", Instant.now().plus(Duration.ofHours(1)).toString()));
            assertTrue(ahead.startsWith("records[1].timestamp: is more than 5m ahead of the server's clock"), ahead);

            assertEquals(before, summary(server), "nothing of a refused batch is stored");
            assertEquals(1, before.get("total").asLong());
        }
    }

    @Test
    void aTimeAheadWithinTheAllowanceIsStoredAsNowAndMethodsAreTakenInAnyCase() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", "record-own-traffic: false\n")
                .start()) {
            Instant ahead = Instant.now().plus(Duration.ofMinutes(3));
            HttpResult stored = server.post(INGEST, Batch.of().add(ahead, "shop", "patch", "/a", 200, 5, null).json(),
                                            server.ingestToken());
            assertEquals(200, stored.status(), stored.body());
            JsonNode slow = server.get("/api/v1/requests/slow?min_ms=0&service=shop", server.viewerToken()).json()
                    .get("requests").get(0);
            assertEquals("PATCH", slow.get("method").asText());
            Instant time = Instant.parse(slow.get("timestamp").asText());
            assertTrue(time.isBefore(ahead.minus(Duration.ofMinutes(2))), "stored as the server's time, not " + time);
        }
    }
}
