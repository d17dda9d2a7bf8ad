package dev.vigil.plugins.errors;

import static dev.vigil.plugins.errors.Records.batch;
import static dev.vigil.plugins.errors.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/**
 * The shared time rule: an error older than the retention (a 1969 epoch among them) or further ahead than the
 * clock-skew allowance refuses its batch, saying which; one ahead within the allowance is stored as now.
 */
class IngestTimesIT {

    private static final String INGEST = "/api/v1/errors/ingest";

    private static String refusal(TestServer server, Object timestamp) {
        String body = batch(record("service", "shop", "message", "fine"),
                            record("service", "shop", "message", "when?", "timestamp", timestamp));
        HttpResult result = server.post(INGEST, body, server.ingestToken());
        assertEquals(400, result.status(), result.body());
        return result.errorMessage();
    }

    private static JsonNode get(TestServer server, String path) {
        HttpResult result = server.get(path, server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return result.json();
    }

    @Test
    void timesOlderThanTheRetentionOrFarAheadAreRefusedAndNothingIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            for (long old : new long[] {-5, -1}) {
                String message = refusal(server, old);
                assertTrue(message.startsWith("records[1].timestamp: is older than the retention of 90d"), message);
            }
            String ahead = refusal(server, Instant.now().plus(Duration.ofDays(2)).toString());
            assertTrue(ahead.startsWith("records[1].timestamp: is more than 5m ahead of the server's clock"), ahead);

            assertEquals(0, get(server, "/api/v1/errors/groups").get("total").asInt(), "nothing of a refused batch");
            assertEquals(0, get(server, "/api/v1/errors/summary?hours=720").get("events").asInt());
        }
    }

    @Test
    void aTimeAheadWithinTheAllowanceIsStoredAsNow() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            Instant ahead = Instant.now().plus(Duration.ofMinutes(3));
            HttpResult stored = server.post(INGEST, batch(record("service", "shop", "message", "soon",
                                                                 "timestamp", ahead.toString())),
                                            server.ingestToken());
            assertEquals(200, stored.status(), stored.body());
            Instant lastSeen = Instant.parse(get(server, "/api/v1/errors/groups").at("/groups/0/last_seen").asText());
            assertTrue(lastSeen.isBefore(ahead.minus(Duration.ofMinutes(2))), "stored as now, not " + lastSeen);
        }
    }
}
