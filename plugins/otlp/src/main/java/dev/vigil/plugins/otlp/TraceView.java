package dev.vigil.plugins.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.services.QueryIngest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A kept trace as a tree of spans: times relative to the trace's start, status, attributes, events, and for
 * database calls the statement with the fingerprint the query plugin groups it under.
 */
final class TraceView {

    private TraceView() {
    }

    static Map<String, Object> summary(TraceStore.TraceRow row, String link) {
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("trace_id", row.traceId());
        trace.put("started_at", Instant.ofEpochMilli(row.startedAt()));
        trace.put("duration_ms", row.durationMs());
        trace.put("service", row.service());
        trace.put("endpoint", row.endpoint());
        trace.put("span_count", row.spanCount());
        trace.put("error", row.error());
        trace.put("kept_because", row.keptBecause());
        trace.put("link", link);
        return trace;
    }

    static Map<String, Object> tree(TraceStore.TraceRow row, List<TraceStore.SpanRow> spans, String link,
                                    Optional<QueryIngest> queries, ObjectMapper mapper) {
        Map<String, Object> trace = summary(row, link);
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        Map<String, List<Map<String, Object>>> children = new HashMap<>();
        for (TraceStore.SpanRow span : spans) {
            nodes.put(span.spanId(), node(span, row.startNanos(), queries, mapper));
        }
        List<Map<String, Object>> roots = new ArrayList<>();
        for (TraceStore.SpanRow span : spans) {
            Map<String, Object> node = nodes.get(span.spanId());
            if (span.parentSpanId() != null && nodes.containsKey(span.parentSpanId())
                    && !span.parentSpanId().equals(span.spanId())) {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(node);
            } else {
                roots.add(node);
            }
        }
        nodes.forEach((id, node) -> node.put("children", children.getOrDefault(id, List.of())));
        trace.put("spans", roots);
        return trace;
    }

    private static Map<String, Object> node(TraceStore.SpanRow span, long traceStart, Optional<QueryIngest> queries,
                                            ObjectMapper mapper) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("span_id", span.spanId());
        node.put("parent_span_id", span.parentSpanId());
        node.put("service", span.service());
        node.put("name", span.name());
        node.put("kind", span.kind());
        node.put("start", TraceMapper.instant(span.startNanos()));
        node.put("offset_ms", (span.startNanos() - traceStart) / 1e6);
        node.put("duration_ms", (span.endNanos() - span.startNanos()) / 1e6);
        node.put("status", span.error() ? "ERROR" : "OK");
        node.put("status_message", span.statusMessage());
        JsonNode attributes = read(span.attributes(), mapper);
        node.put("attributes", attributes);
        node.put("events", read(span.events(), mapper));
        String system = text(attributes, Semconv.DB_SYSTEM);
        if (system != null) {
            Map<String, Object> database = new LinkedHashMap<>();
            String statement = text(attributes, Semconv.DB_STATEMENT);
            database.put("system", system);
            database.put("statement", statement);
            queries.filter(q -> statement != null).map(q -> q.shape(statement, system)).ifPresent(shape -> {
                database.put("fingerprint", shape.id());
                database.put("fingerprint_text", shape.text());
            });
            node.put("database", database);
        }
        return node;
    }

    private static String text(JsonNode attributes, String... names) {
        if (attributes == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = attributes.get(name);
            if (value != null && !value.isNull()) {
                return value.asText();
            }
        }
        return null;
    }

    private static JsonNode read(String json, ObjectMapper mapper) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored span holds JSON that cannot be read", e);
        }
    }
}
