package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/**
 * Numbers that would overflow a total and times outside the shared window are refused at the edge, whole batch,
 * naming the field and the rule; the summaries stay as they were.
 */
class IngestRangesIT {

    private static final String INGEST = "/api/v1/queries/ingest";

    private static String record(Object timestamp, String durationMs, String extra) {
        String time = timestamp instanceof Instant ? "\"" + timestamp + "\"" : String.valueOf(timestamp);
        return "{\"timestamp\":" + time + ",\"service\":\"shop\",\"sql\":\"SELECT * FROM carts WHERE id = 1\","
                + "\"duration_ms\":" + durationMs + extra + "}";
    }

    private static void assertRefused(TestServer server, String badRecord, String message) {
        String good = record(Instant.now(), "12.5", "");
        HttpResult result = server.post(INGEST, "[" + good + "," + badRecord + "]", server.ingestToken());
        assertEquals(400, result.status(), badRecord + " -> " + result.body());
        assertEquals(message, result.errorMessage(), badRecord);
    }

    @Test
    void hugeNumbersAndTimesOutsideTheWindowAreRefusedAndNothingIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            Instant now = Instant.now();
            assertEquals(200, server.post(INGEST, "[" + record(now, "10", "") + "]", server.ingestToken()).status());
            JsonNode summaryBefore = server.get("/api/v1/queries/summary?hours=720", server.viewerToken()).json();
            JsonNode shapesBefore = server.get("/api/v1/queries/fingerprints?hours=720", server.viewerToken()).json();

            String duration = "records[1].duration_ms: must be a number from 0 to 86400000";
            assertRefused(server, record(now, "1.7e308", ""), duration);
            assertRefused(server, record(now, "1e300", ""), duration);
            assertRefused(server, record(now, "-1", ""), duration);
            assertRefused(server, record(now, "1", ",\"rows\":1e300"), "records[1].rows: must be an integer");
            assertRefused(server, record(now, "1", ",\"rows\":10000000000"),
                          "records[1].rows: must be an integer from 0 to 1000000000");
            for (String old : new String[] {"-1", "-5"}) {
                HttpResult result = server.post(INGEST, "[" + record(old, "1", "") + "]", server.ingestToken());
                assertEquals(400, result.status(), result.body());
                assertEquals(true, result.errorMessage().startsWith(
                        "records[0].timestamp: is older than the retention of 30d"), result.errorMessage());
            }
            HttpResult ahead = server.post(INGEST, "[" + record(now.plus(Duration.ofHours(1)), "1", "") + "]",
                                           server.ingestToken());
            assertEquals(400, ahead.status(), ahead.body());
            assertEquals(true, ahead.errorMessage().startsWith(
                    "records[0].timestamp: is more than 5m ahead of the server's clock"), ahead.errorMessage());

            assertEquals(summaryBefore.get("statements"), server.get("/api/v1/queries/summary?hours=720",
                                                                     server.viewerToken()).json().get("statements"));
            assertEquals(shapesBefore, server.get("/api/v1/queries/fingerprints?hours=720", server.viewerToken())
                    .json(), "a refused batch changes no total");
        }
    }

    @Test
    void aTimeAheadWithinTheAllowanceCountsAsNow() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            Instant ahead = Instant.now().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
            assertEquals(200, server.post(INGEST, "[" + record(ahead, "1", "") + "]", server.ingestToken())
                    .status());
            JsonNode shape = server.get("/api/v1/queries/fingerprints?hours=1", server.viewerToken()).json()
                    .get("fingerprints").get(0);
            Instant lastSeen = Instant.parse(shape.get("last_seen").asText());
            assertEquals(true, lastSeen.isBefore(ahead), "stored as the server's time, not " + lastSeen);
        }
    }
}
