package dev.vigil.plugins.alerts;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.type.TypeReference;

/** Naming of a series (signal + labels) for people and for storage. */
final class Series {

    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private Series() {
    }

    /** {@code requests.p95_ms{method=GET,service=shop}}. */
    static String describe(String signal, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return signal;
        }
        return signal + new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The stored form of a label set: JSON with sorted keys, so equal sets are equal strings (a key column). */
    static String key(ObjectMapper mapper, Map<String, String> labels) {
        try {
            return mapper.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("labels cannot be written as JSON", e);
        }
    }

    static Map<String, String> parse(ObjectMapper mapper, String key) {
        if (key == null || key.isBlank()) {
            return Map.of();
        }
        try {
            return java.util.Collections.unmodifiableMap(mapper.readValue(key, LABELS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not JSON: " + key, e);
        }
    }
}
