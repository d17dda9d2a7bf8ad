package dev.vigil.api.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of an ingest batch, with typed field readers. Every failure is a 400 whose message and details
 * name the record's index and the field: {@code records[3].duration_ms: must be a number from 0 to 86400000}.
 * Every number read for storage is read with a {@link Range}: unbounded numbers make totals overflow.
 */
public final class JsonRecord {

    private final int index;
    private final JsonNode node;

    public JsonRecord(int index, JsonNode node) {
        this.index = index;
        this.node = node;
    }

    public int index() {
        return index;
    }

    public JsonNode node() {
        return node;
    }

    public boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** An error about {@code field} of this record. */
    public ApiException invalid(String field, String problem) {
        return new ApiException(400, "invalid_record", "records[" + index + "]." + field + ": " + problem,
                                Map.of("index", index, "field", field), null);
    }

    public String requiredString(String field) {
        String value = optionalString(field);
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public String optionalString(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field, "must be a string");
        }
        return value.asText();
    }

    /** A string of at most {@code maxLength} characters. */
    public String optionalString(String field, int maxLength) {
        String value = optionalString(field);
        if (value != null && value.length() > maxLength) {
            throw invalid(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    public double requiredNumber(String field) {
        Double value = optionalNumber(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public Double optionalNumber(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field, "must be a number");
        }
        double number = value.asDouble();
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            throw invalid(field, "must be a finite number");
        }
        return number;
    }

    /** A number within {@code range} ({@link Ranges} holds the shared ones). */
    public double requiredNumber(String field, Range range) {
        Double value = optionalNumber(field, range);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public Double optionalNumber(String field, Range range) {
        Double value = optionalNumber(field);
        if (value != null && !range.contains(value)) {
            throw invalid(field, "must be a number " + range.describe());
        }
        return value;
    }

    public Long optionalLong(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field, "must be an integer");
        }
        return value.asLong();
    }

    /** An integer within {@code range}. */
    public Long optionalLong(String field, Range range) {
        Long value = optionalLong(field);
        if (value != null && !range.contains(value)) {
            throw invalid(field, "must be an integer " + range.describe());
        }
        return value;
    }

    public int requiredInt(String field, int min, int max) {
        Long value = optionalLong(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        if (value < min || value > max) {
            throw invalid(field, "must be between " + min + " and " + max);
        }
        return value.intValue();
    }

    public Boolean optionalBoolean(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return value.asBoolean();
    }

    /** An ISO-8601 instant ({@code 2026-11-23T10:15:30Z}) or epoch milliseconds. */
    public Instant requiredInstant(String field) {
        Instant value = optionalInstant(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    public Instant optionalInstant(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw invalid(field, "must be an ISO-8601 time such as 2026-11-23T10:15:30Z, or epoch milliseconds");
            }
        }
        throw invalid(field, "must be an ISO-8601 time or epoch milliseconds");
    }

    /** One of {@code allowed}, compared without case; answers the allowed spelling. */
    public String optionalEnum(String field, Set<String> allowed) {
        String value = optionalString(field);
        if (value == null) {
            return null;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw invalid(field, "must be one of " + allowed);
    }

    /** A JSON object of string keys to scalar values, or null. */
    public Map<String, Object> optionalObject(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid(field, "must be a JSON object");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            JsonNode v = entry.getValue();
            map.put(entry.getKey(), v.isValueNode() ? (v.isNumber() ? v.numberValue() : v.isBoolean()
                    ? (Object) v.asBoolean() : v.isNull() ? null : v.asText()) : v.toString());
        }
        return map;
    }
}
