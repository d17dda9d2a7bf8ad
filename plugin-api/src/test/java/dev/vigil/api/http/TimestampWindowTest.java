package dev.vigil.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TimestampWindowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final TimestampWindow WINDOW = new TimestampWindow(NOW, Duration.ofDays(30),
                                                                      Duration.ofMinutes(5));

    private static JsonRecord record(String timestamp) throws Exception {
        return new JsonRecord(2, JSON.readTree("{\"timestamp\":" + timestamp + "}"));
    }

    private static String refusal(String timestamp) {
        return assertThrows(ApiException.class, () -> WINDOW.required(record(timestamp), "timestamp")).getMessage();
    }

    @Test
    void tooOldNamesTheRetention() {
        for (String old : new String[] {"-5", "-1", "0", "\"2026-11-07T09:59:59Z\""}) {
            assertEquals("records[2].timestamp: is older than the retention of 30d (earliest accepted: "
                                 + "2026-11-07T10:00:00Z)", refusal(old), old);
        }
    }

    @Test
    void tooFarAheadNamesTheAllowanceAndAheadWithinItIsNow() throws Exception {
        assertEquals("records[2].timestamp: is more than 5m ahead of the server's clock, the allowed clock skew "
                             + "(the server's time is 2026-12-07T10:00:00Z)", refusal("\"2026-12-07T10:05:01Z\""));
        assertEquals(NOW, WINDOW.required(record("\"2026-12-07T10:05:00Z\""), "timestamp"));
        Instant past = Instant.parse("2026-11-07T10:00:00Z");
        assertEquals(past, WINDOW.required(record("\"" + past + "\""), "timestamp"));
    }

    @Test
    void aMissingOptionalTimeTakesTheFallback() throws Exception {
        JsonRecord none = new JsonRecord(0, JSON.readTree("{}"));
        assertEquals(NOW, WINDOW.optional(none, "timestamp", NOW));
        assertThrows(ApiException.class, () -> WINDOW.optional(record("-5"), "timestamp", NOW));
    }

    @Test
    void handedOverRecordsOutsideTheWindowAreSkipped() {
        assertNull(WINDOW.admit(Instant.ofEpochMilli(-5)));
        assertNull(WINDOW.admit(NOW.plus(Duration.ofMinutes(6))));
        assertEquals(NOW, WINDOW.admit(NOW.plus(Duration.ofMinutes(1))));
        assertEquals(NOW.minusSeconds(5), WINDOW.admit(NOW.minusSeconds(5)));
        assertEquals("is older than the retention of 30d", WINDOW.problem(Instant.EPOCH));
        assertNull(WINDOW.problem(NOW));
    }
}
