package dev.vigil.plugins.optimizer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;

/** The body of {@code POST /predict}, validated: every problem is a 400 that names the field. */
record PredictionInput(EndpointKey key, Double queryCount, Double queryTimeMs, Double cpuPercent,
                       Double memoryPercent, Double concurrentRequests, Instant time, String requestId) {

    static final Set<String> FIELDS = Set.of("service", "method", "endpoint", "query_count", "query_time_ms",
                                             "cpu_percent", "memory_percent", "concurrent_requests", "time",
                                             "request_id");

    static PredictionInput parse(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"service\": \"shop\", "
                                                  + "\"method\": \"GET\", \"endpoint\": \"/orders\", \"query_count\": 12}");
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.invalidField(name, "is not a known field; known fields are "
                        + new TreeSet<>(FIELDS));
            }
        }
        String service = text(body, "service", EndpointKey.MAX_SERVICE, true);
        String method = text(body, "method", EndpointKey.MAX_METHOD, true);
        String endpoint = text(body, "endpoint", EndpointKey.MAX_ENDPOINT, true);
        String requestId = text(body, "request_id", 200, false);
        Instant time = now;
        JsonNode timeNode = body.get("time");
        if (timeNode != null && !timeNode.isNull()) {
            try {
                time = Instant.parse(timeNode.asText());
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("time", "must be an ISO-8601 time such as 2026-11-23T10:15:30Z");
            }
        }
        return new PredictionInput(EndpointKey.of(service, method, endpoint),
                                   number(body, "query_count", Double.MAX_VALUE),
                                   number(body, "query_time_ms", Double.MAX_VALUE),
                                   number(body, "cpu_percent", 100), number(body, "memory_percent", 100),
                                   number(body, "concurrent_requests", Double.MAX_VALUE), time, requestId);
    }

    FeatureRow row() {
        return new FeatureRow(time.toEpochMilli(), key, FeatureRow.orNaN(queryCount), FeatureRow.orNaN(queryTimeMs),
                              FeatureRow.orNaN(cpuPercent), FeatureRow.orNaN(memoryPercent),
                              FeatureRow.orNaN(concurrentRequests), Double.NaN);
    }

    private static String text(JsonNode body, String field, int maxLength, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiException.invalidField(field, "is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.invalidField(field, "must be a non-empty string");
        }
        if (node.asText().length() > maxLength) {
            throw ApiException.invalidField(field, "is longer than " + maxLength + " characters");
        }
        return node.asText();
    }

    private static Double number(JsonNode body, String field, double max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw ApiException.invalidField(field, "must be a number");
        }
        double value = node.asDouble();
        if (value < 0 || value > max) {
            throw ApiException.invalidField(field, max == Double.MAX_VALUE ? "must be >= 0"
                    : "must be between 0 and " + (long) max);
        }
        return value;
    }
}
