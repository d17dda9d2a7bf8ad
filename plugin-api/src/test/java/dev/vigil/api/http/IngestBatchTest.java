package dev.vigil.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IngestBatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Row(Instant at, String service, double durationMs, String level) {
    }

    private static Row parse(JsonRecord record) {
        return new Row(record.requiredInstant("timestamp"), record.requiredString("service"),
                       record.requiredNumber("duration_ms", Ranges.DURATION_MS),
                       record.optionalEnum("level", Set.of("INFO", "ERROR")));
    }

    private static List<Row> parse(String body, int max) throws Exception {
        JsonNode tree = JSON.readTree(body);
        return IngestBatch.parse(tree, max, IngestBatchTest::parse);
    }

    @Test
    void readsAnArrayOrARecordsObjectWithIsoOrEpochTimes() throws Exception {
        List<Row> rows = parse("[{\"timestamp\":\"2026-11-23T10:00:00Z\",\"service\":\"a\",\"duration_ms\":1.5},"
                                       + "{\"timestamp\":1795428000000,\"service\":\"b\",\"duration_ms\":0,"
                                       + "\"level\":\"error\"}]", 10);
        assertEquals(new Row(Instant.parse("2026-11-23T10:00:00Z"), "a", 1.5, null), rows.get(0));
        assertEquals(Instant.ofEpochMilli(1795428000000L), rows.get(1).at());
        assertEquals("ERROR", rows.get(1).level());
        assertEquals(1, parse("{\"records\":[{\"timestamp\":0,\"service\":\"a\",\"duration_ms\":1}]}", 10).size());
    }

    @Test
    void theFirstBadRecordRejectsTheBatchNamingIndexAndField() {
        assertBad("[{\"timestamp\":0,\"service\":\"a\",\"duration_ms\":1},{\"timestamp\":0,\"duration_ms\":1}]",
                  "records[1].service: is required", 1, "service");
        assertBad("[{\"timestamp\":0,\"service\":\"a\",\"duration_ms\":-1}]",
                  "records[0].duration_ms: must be a number from 0 to 86400000", 0, "duration_ms");
        assertBad("[{\"timestamp\":0,\"service\":\"a\",\"duration_ms\":\"fast\"}]",
                  "records[0].duration_ms: must be a number", 0, "duration_ms");
        assertBad("[{\"timestamp\":\"yesterday\",\"service\":\"a\",\"duration_ms\":1}]",
                  "records[0].timestamp: must be an ISO-8601 time", 0, "timestamp");
        assertBad("[{\"timestamp\":0,\"service\":\"a\",\"duration_ms\":1,\"level\":\"LOUD\"}]",
                  "records[0].level: must be one of", 0, "level");
        assertBad("[{\"timestamp\":0,\"service\":7,\"duration_ms\":1}]", "records[0].service: must be a string", 0,
                  "service");
    }

    @Test
    void shapesThatAreNotBatchesAreRefused() {
        ApiException notArray = assertThrows(ApiException.class, () -> parse("{\"rows\":[]}", 10));
        assertEquals("invalid_batch", notArray.code());
        ApiException empty = assertThrows(ApiException.class, () -> parse("[]", 10));
        assertEquals("invalid_batch", empty.code());
        ApiException tooMany = assertThrows(ApiException.class, () -> parse("[{},{},{}]", 2));
        assertEquals("batch_too_large", tooMany.code());
        ApiException notObject = assertThrows(ApiException.class, () -> parse("[1]", 2));
        assertEquals("records[0]: must be a JSON object", notObject.getMessage());
    }

    private static void assertBad(String body, String message, int index, String field) {
        ApiException error = assertThrows(ApiException.class, () -> parse(body, 10));
        assertEquals(400, error.status());
        assertEquals(true, error.getMessage().startsWith(message), error.getMessage());
        assertEquals(Map.of("index", index, "field", field), error.details());
    }
}
