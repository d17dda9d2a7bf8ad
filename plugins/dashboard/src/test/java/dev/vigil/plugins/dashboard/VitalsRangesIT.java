package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/**
 * Browser vitals follow the shared rules: numbers within a finite range, times within the retention and the
 * clock-skew allowance; a bad record refuses the batch, naming the field and the rule, and nothing is stored.
 */
class VitalsRangesIT {

    private static final String VITALS = "/api/v1/dashboard/vitals";
    private static final String GOOD = "{\"type\":\"vital\",\"name\":\"LCP\",\"value\":900,"
            + "\"page\":\"https://shop.example/\"}";

    private static String refusal(TestServer server, String badRecord) {
        HttpResult result = server.post(VITALS, "{\"records\":[" + GOOD + "," + badRecord + "]}",
                                        server.ingestToken());
        assertEquals(400, result.status(), result.body());
        return result.errorMessage();
    }

    private static String resource(String durationMs, String extra) {
        return "{\"type\":\"resource\",\"page\":\"https://shop.example/\",\"url\":\"https://cdn.example/app.js\","
                + "\"duration_ms\":" + durationMs + extra + "}";
    }

    private static String vitalAt(Object timestamp) {
        return "{\"type\":\"vital\",\"name\":\"TTFB\",\"value\":80,\"page\":\"https://shop.example/\",\"timestamp\":"
                + timestamp + "}";
    }

    @Test
    void hugeNumbersAndTimesOutsideTheWindowAreRefusedAndNothingIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            assertEquals("records[1].transfer_bytes: must be an integer from 0 to 1000000000000",
                         refusal(server, resource("1500", ",\"transfer_bytes\":9223372036854775807")));
            for (String huge : new String[] {"1.7e308", "1e300"}) {
                assertEquals("records[1].duration_ms: must be a number from 0 to 3600000",
                             refusal(server, resource(huge, "")));
                assertEquals("records[1].value: must be a number from 0 to 3600000", refusal(server, GOOD.replace(
                        "900", huge)));
            }
            for (String old : new String[] {"-1", "-5"}) {
                String message = refusal(server, vitalAt(old));
                assertTrue(message.startsWith("records[1].timestamp: is older than the retention of 30d"), message);
            }
            String ahead = refusal(server, vitalAt("\"" + Instant.now().plus(Duration.ofHours(1)) + "\""));
            assertTrue(ahead.startsWith("records[1].timestamp: is more than 5m ahead of the server's clock"), ahead);

            JsonNode vitals = server.get(VITALS + "?hours=720", server.viewerToken()).json();
            assertEquals(0, vitals.get("page_count").asInt(), "nothing of a refused batch is stored: " + vitals);
        }
    }
}
