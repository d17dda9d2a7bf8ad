package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads the small request bodies of the routes, refusing bad ones with a 400 that names the field. */
final class Bodies {

    private Bodies() {
    }

    /** The body of {@code POST /silences}. */
    record NewSilence(Map<String, String> matchers, Instant startsAt, Instant until, String comment) {
    }

    /** The body of {@code POST /baseline}; null fields take the configured defaults. */
    record BaselineRequest(Integer durationMinutes, List<String> signals) {
    }

    /** The body of {@code POST /acknowledge} and {@code POST /resolve}: distinct ids in the order given. */
    record BulkRequest(List<Long> ids, String comment) {
    }

    /** Most ids one bulk request may name: the engine holds its lock while it works through them. */
    static final int MAX_BULK_IDS = 500;

    static NewSilence newSilence(JsonNode body, Instant now) {
        requireObject(body, "{\"matchers\": {...}, \"until\": \"...\", \"comment\": \"...\"}");
        rejectUnknown(body, Set.of("matchers", "starts_at", "until", "comment"));
        JsonNode matchersNode = body.get("matchers");
        if (matchersNode == null || !matchersNode.isObject() || matchersNode.isEmpty()) {
            throw ApiException.invalidField("matchers", "is required: an object of label matchers such as "
                    + "{\"rule\": \"cpu-usage\"} (labels of the alert, plus rule, signal and severity; \"*\" "
                    + "matches any value)");
        }
        Map<String, String> matchers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : matchersNode.properties()) {
            if (!field.getValue().isTextual()) {
                throw ApiException.invalidField("matchers." + field.getKey(), "must be a string");
            }
            matchers.put(field.getKey(), field.getValue().asText());
        }
        try {
            LabelMatchers.validate("matchers", matchers);
        } catch (RuleException e) {
            throw e.asApiError();
        }
        Instant startsAt = body.hasNonNull("starts_at") ? instant(body, "starts_at") : now;
        Instant until = instant(body, "until");
        if (until == null) {
            throw ApiException.invalidField("until", "is required: when the silence ends (ISO-8601)");
        }
        if (!until.isAfter(now) || !until.isAfter(startsAt)) {
            throw ApiException.invalidField("until", "must be in the future and after starts_at");
        }
        if (until.isAfter(now.plus(Duration.ofDays(365)))) {
            throw ApiException.invalidField("until", "must be within a year");
        }
        String comment = text(body, "comment");
        return new NewSilence(matchers, startsAt, until, comment == null ? "" : comment);
    }

    static BaselineRequest baselineRequest(JsonNode body) {
        requireObject(body, "{\"duration_minutes\": 60, \"signals\": [\"requests.p95_ms\"]}");
        rejectUnknown(body, Set.of("duration_minutes", "signals"));
        Integer minutes = null;
        JsonNode duration = body.get("duration_minutes");
        if (duration != null && !duration.isNull()) {
            if (!duration.isIntegralNumber() || duration.asLong() < 1 || duration.asLong() > 10_080) {
                throw ApiException.invalidField("duration_minutes", "must be an integer between 1 and 10080");
            }
            minutes = duration.asInt();
        }
        List<String> signals = null;
        JsonNode signalList = body.get("signals");
        if (signalList != null && !signalList.isNull()) {
            if (!signalList.isArray()) {
                throw ApiException.invalidField("signals", "must be an array of signal names");
            }
            signals = new ArrayList<>();
            for (int i = 0; i < signalList.size(); i++) {
                JsonNode signal = signalList.get(i);
                if (!signal.isTextual() || !Rule.SIGNAL.matcher(signal.asText()).matches()) {
                    throw ApiException.invalidField("signals[" + i + "]", "must be a signal name such as "
                            + "requests.p95_ms");
                }
                signals.add(signal.asText());
            }
        }
        return new BaselineRequest(minutes, signals);
    }

    static BulkRequest bulkRequest(JsonNode body) {
        requireObject(body, "{\"ids\": [1, 2, 3], \"comment\": \"...\"}");
        rejectUnknown(body, Set.of("ids", "comment"));
        JsonNode list = body.get("ids");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiException.invalidField("ids", "is required: a non-empty array of alert ids such as [1, 2, 3]");
        }
        if (list.size() > MAX_BULK_IDS) {
            throw ApiException.invalidField("ids", "names " + list.size() + " alerts; at most " + MAX_BULK_IDS
                    + " at once");
        }
        Set<Long> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode id = list.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
                throw ApiException.invalidField("ids[" + i + "]", "must be a positive integer (an alert id)");
            }
            ids.add(id.asLong());
        }
        String comment = text(body, "comment");
        return new BulkRequest(List.copyOf(ids), comment == null || comment.isBlank() ? null : comment);
    }

    /** The comment of an acknowledgement or resolution; null when there is none. */
    static String comment(JsonNode body) {
        requireObject(body, "{\"comment\": \"...\"}");
        rejectUnknown(body, Set.of("comment"));
        String comment = text(body, "comment");
        return comment == null || comment.isBlank() ? null : comment;
    }

    /**
     * The body of a PUT of a rule or channel to {@code /{name}}, as a copy that carries the path's name: the name
     * must be valid, and a name in the body must be the path's.
     */
    static ObjectNode named(String name, JsonNode body, String what) {
        if (!Rule.NAME.matcher(name).matches()) {
            throw ApiException.invalidField("name", "'" + name
                    + "' must be 1-80 lower-case letters, digits, '.', '_' or '-'");
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object describing the " + what);
        }
        JsonNode bodyName = body.get("name");
        if (bodyName != null && !bodyName.isNull() && !name.equals(bodyName.asText())) {
            throw ApiException.invalidField("name", "'" + bodyName.asText() + "' differs from the name in the path '"
                    + name + "'");
        }
        return ((ObjectNode) body.deepCopy()).put("name", name);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(field, "must be a string");
        }
        if (value.asText().length() > 1000) {
            throw ApiException.invalidField(field, "is longer than 1000 characters");
        }
        return value.asText();
    }

    private static void requireObject(JsonNode body, String example) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object: " + example);
        }
    }

    /** Refuses the first field not in {@code known}, naming it and the known ones. */
    static void rejectUnknown(JsonNode body, Set<String> known) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiException.invalidField(name, "unknown field (known: " + new TreeSet<>(known) + ")");
            }
        });
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalidField(field, "must be an ISO-8601 time such as 2026-11-23T10:15:30Z");
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(field, "must be an ISO-8601 time such as 2026-11-23T10:15:30Z, got '"
                    + value.asText() + "'");
        }
    }
}
