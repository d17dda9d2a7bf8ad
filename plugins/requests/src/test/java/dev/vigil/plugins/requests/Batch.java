package dev.vigil.plugins.requests;

import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds an ingest body, one record at a time. */
final class Batch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode records = JSON.createArrayNode();

    static Batch of() {
        return new Batch();
    }

    Batch add(Instant time, String service, String method, String endpoint, int status, double durationMs,
              String user) {
        ObjectNode record = records.addObject();
        record.put("timestamp", time.toString());
        record.put("service", service);
        record.put("method", method);
        record.put("endpoint", endpoint);
        record.put("path", endpoint.replace("{id}", "42"));
        record.put("status", status);
        record.put("duration_ms", durationMs);
        if (user != null) {
            record.put("user", user);
        }
        return this;
    }

    Batch add(Instant time, String endpoint, int status, double durationMs) {
        return add(time, "shop", "GET", endpoint, status, durationMs, null);
    }

    /** The last record added, to spoil one field. */
    ObjectNode last() {
        return (ObjectNode) records.get(records.size() - 1);
    }

    int size() {
        return records.size();
    }

    String json() {
        ObjectNode body = JSON.createObjectNode();
        body.set("records", records);
        return body.toString();
    }
}
