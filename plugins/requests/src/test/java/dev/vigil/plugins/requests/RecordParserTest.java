package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class RecordParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private final RecordParser parser = new RecordParser(NOW, Duration.ofDays(30), Duration.ofMinutes(5));

    private static ObjectNode valid() {
        ObjectNode node = JSON.createObjectNode();
        node.put("timestamp", "2026-03-10T11:59:00Z");
        node.put("service", "shop");
        node.put("method", "get");
        node.put("endpoint", "/users/{id}");
        node.put("path", "/users/42");
        node.put("status", 200);
        node.put("duration_ms", 12.5);
        return node;
    }

    private ApiException rejected(ObjectNode node) {
        return assertThrows(ApiException.class, () -> parser.parse(new JsonRecord(3, node)));
    }

    private void assertRejects(ObjectNode node, String field) {
        ApiException error = rejected(node);
        assertEquals(400, error.status());
        assertTrue(error.getMessage().startsWith("records[3]." + field + ":"), error.getMessage());
    }

    @Test
    void readsAFullRecord() {
        ObjectNode node = valid();
        node.put("user", "alice");
        node.put("request_id", "r-1");
        node.put("trace_id", "t-1");
        node.put("query_count", 4);
        node.put("query_time_ms", 3.25);
        node.put("bytes", 2048);
        node.put("client", "10.0.0.7");
        node.put("something_new", "ignored");
        RequestEvent record = parser.parse(new JsonRecord(0, node));
        assertEquals(Instant.parse("2026-03-10T11:59:00Z"), record.timestamp());
        assertEquals("GET", record.method());
        assertEquals("/users/{id}", record.endpoint());
        assertEquals(200, record.status());
        assertEquals(12.5, record.durationMs());
        assertEquals("alice", record.user());
        assertEquals(4, record.queryCount());
        assertEquals(3.25, record.queryTimeMs());
        assertEquals(2048L, record.bytes());
        assertEquals("10.0.0.7", record.client());
    }

    @Test
    void optionalFieldsMayBeAbsentAndEpochMillisAreTimes() {
        ObjectNode node = valid();
        node.put("timestamp", NOW.toEpochMilli());
        RequestEvent record = parser.parse(new JsonRecord(0, node));
        assertEquals(NOW, record.timestamp());
        assertNull(record.user());
        assertNull(record.queryCount());
    }

    @Test
    void everyMissingRequiredFieldIsNamed() {
        for (String field : new String[] {"timestamp", "service", "method", "endpoint", "path", "status",
                "duration_ms"}) {
            ObjectNode node = valid();
            node.remove(field);
            assertRejects(node, field);
        }
    }

    @Test
    void wrongTypesAreNamed() {
        ObjectNode node = valid();
        node.put("duration_ms", "fast");
        assertRejects(node, "duration_ms");
        node = valid();
        node.put("status", "200");
        assertRejects(node, "status");
        node = valid();
        node.put("status", 200.5);
        assertRejects(node, "status");
        node = valid();
        node.put("service", 7);
        assertRejects(node, "service");
        node = valid();
        node.put("timestamp", "yesterday");
        assertRejects(node, "timestamp");
        node = valid();
        node.put("query_count", 1.5);
        assertRejects(node, "query_count");
        node = valid();
        node.put("user", true);
        assertRejects(node, "user");
    }

    @Test
    void outOfRangeValuesAreNamed() {
        ObjectNode node = valid();
        node.put("duration_ms", -1);
        assertRejects(node, "duration_ms");
        node = valid();
        node.put("duration_ms", 90_000_000);
        assertRejects(node, "duration_ms");
        node = valid();
        node.put("status", 99);
        assertRejects(node, "status");
        node = valid();
        node.put("status", 600);
        assertRejects(node, "status");
        node = valid();
        node.put("method", "GET /x");
        assertRejects(node, "method");
        node = valid();
        node.put("method", "BREW");
        assertEquals("records[3].method: must be one of [CONNECT, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE]",
                     rejected(node).getMessage());
        node = valid();
        node.put("query_time_ms", 1e308);
        assertRejects(node, "query_time_ms");
        node = valid();
        node.put("bytes", Long.MAX_VALUE);
        assertRejects(node, "bytes");
        node = valid();
        node.put("bytes", -5);
        assertRejects(node, "bytes");
        node = valid();
        node.put("endpoint", "/x".repeat(200));
        assertRejects(node, "endpoint");
    }

    @Test
    void handedOverRecordsOutsideTheRangesOrTheWindowAreSkipped() {
        RequestEvent good = parser.parse(new JsonRecord(0, valid()));
        assertEquals(good, parser.admit(good));
        assertNull(parser.admit(new RequestEvent(Instant.ofEpochMilli(-5), "shop", "GET", "/a", "/a", 200, 1, null,
                                                 null, null, null, null, null, null)));
        assertNull(parser.admit(new RequestEvent(NOW, "shop", "GET", "/a", "/a", 200, 1e308, null, null, null, null,
                                                 null, null, null)));
        assertNull(parser.admit(new RequestEvent(NOW, "shop", "GET", "/a", "/a", 200, 1, null, null, null, 2,
                                                 1e308, null, null)));
        assertEquals(NOW, parser.admit(new RequestEvent(NOW.plusSeconds(60), "shop", "GET", "/a", "/a", 200, 1, null,
                                                        null, null, null, null, null, null)).timestamp());
    }

    @Test
    void timesInTheFutureOrBeyondTheRetentionAreRefused() {
        ObjectNode node = valid();
        node.put("timestamp", "2026-03-10T12:06:00Z");
        assertRejects(node, "timestamp");
        node = valid();
        node.put("timestamp", "2026-03-10T12:04:00Z");
        assertEquals(NOW, parser.parse(new JsonRecord(0, node)).timestamp(), "ahead within the allowance: now");
        node = valid();
        node.put("timestamp", "2026-02-01T00:00:00Z");
        assertRejects(node, "timestamp");
    }
}
