package dev.vigil.plugins.otlp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The kept traces: {@code otlp_traces} (one row per trace) and {@code otlp_spans}, written and read together. */
final class TraceStore {

    /** A kept trace as the list shows it. */
    record TraceRow(String traceId, long startedAt, long startNanos, long endNanos, double durationMs, String service,
                    String endpoint, int spanCount, boolean error, String keptBecause) {
    }

    /** A kept span as stored. */
    record SpanRow(String spanId, String parentSpanId, String service, String name, String kind, long startNanos,
                   long endNanos, boolean error, String statusMessage, String attributes, String events) {
    }

    /** What the list may be narrowed to; null fields do not filter. */
    record Filter(long since, String service, String endpoint, Double minMs, boolean errorsOnly, int limit) {
    }

    private static final int IN_CHUNK = 500;

    private final Storage storage;
    private final ObjectMapper mapper;

    TraceStore(Storage storage, ObjectMapper mapper) {
        this.storage = storage;
        this.mapper = mapper;
    }

    /** Stores the traces' spans and merges each trace's row with what was kept of it before. */
    void store(List<KeptTrace> traces, int maxSpansPerTrace) throws SQLException {
        if (traces.isEmpty()) {
            return;
        }
        storage.inTransaction(connection -> {
            Map<String, TraceRow> existing = existing(connection, traces.stream().map(KeptTrace::traceId).toList());
            try (PreparedStatement spans = connection.prepareStatement(
                    "INSERT INTO otlp_spans (trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, "
                            + "error, status_message, attributes, events, started_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trace_id, span_id) DO NOTHING");
                 PreparedStatement rows = connection.prepareStatement(
                         "INSERT INTO otlp_traces (trace_id, started_at, start_ns, end_ns, duration_ms, service, "
                                 + "endpoint, span_count, error, kept_because) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                 + "ON CONFLICT (trace_id) DO UPDATE SET started_at = excluded.started_at, "
                                 + "start_ns = excluded.start_ns, end_ns = excluded.end_ns, "
                                 + "duration_ms = excluded.duration_ms, service = excluded.service, "
                                 + "endpoint = excluded.endpoint, span_count = excluded.span_count, "
                                 + "error = excluded.error, kept_because = excluded.kept_because")) {
                for (KeptTrace trace : traces) {
                    TraceRow before = existing.get(trace.traceId());
                    int room = maxSpansPerTrace - (before == null ? 0 : before.spanCount());
                    List<SpanRecord> kept = trace.spans().stream()
                            .sorted(Comparator.comparingLong(SpanRecord::startNanos)).limit(Math.max(0, room)).toList();
                    for (SpanRecord span : kept) {
                        addSpan(spans, trace.traceId(), span);
                    }
                    TraceRow row = merge(before, trace, kept.size());
                    rows.setString(1, row.traceId());
                    rows.setLong(2, row.startedAt());
                    rows.setLong(3, row.startNanos());
                    rows.setLong(4, row.endNanos());
                    rows.setDouble(5, row.durationMs());
                    rows.setString(6, row.service());
                    rows.setString(7, row.endpoint());
                    rows.setInt(8, row.spanCount());
                    rows.setInt(9, row.error() ? 1 : 0);
                    rows.setString(10, row.keptBecause());
                    rows.addBatch();
                }
                spans.executeBatch();
                rows.executeBatch();
            }
            return null;
        });
    }

    private void addSpan(PreparedStatement insert, String traceId, SpanRecord span) throws SQLException {
        insert.setString(1, traceId);
        insert.setString(2, span.spanId());
        insert.setString(3, span.parentSpanId());
        insert.setString(4, span.service().name());
        insert.setString(5, span.name());
        insert.setString(6, span.kind().name());
        insert.setLong(7, span.startNanos());
        insert.setLong(8, span.endNanos());
        insert.setInt(9, span.error() ? 1 : 0);
        insert.setString(10, span.statusMessage().isEmpty() ? null : SecretText.mask(span.statusMessage()));
        insert.setString(11, span.attributes().size() == 0 ? null : json(masked(span.attributes())));
        if (span.events().isEmpty()) {
            insert.setNull(12, Types.VARCHAR);
        } else {
            List<Map<String, Object>> events = new ArrayList<>();
            for (SpanRecord.Event event : span.events()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", event.name());
                entry.put("time_ns", event.timeNanos());
                entry.put("attributes", masked(event.attributes()));
                events.add(entry);
            }
            insert.setString(12, json(events));
        }
        insert.setLong(13, span.startNanos() / 1_000_000);
        insert.addBatch();
    }

    private static Map<String, Object> masked(Attributes attributes) {
        Map<String, Object> map = attributes.toMap();
        map.replaceAll((key, value) -> value instanceof String text ? SecretText.mask(text) : value);
        return map;
    }

    /** The trace's row after these spans: times widened, counts added, the head (where it starts) re-chosen. */
    private static TraceRow merge(TraceRow before, KeptTrace trace, int storedSpans) {
        SpanRecord head = head(trace.spans());
        long start = trace.spans().stream().mapToLong(SpanRecord::startNanos).min().orElseThrow();
        long end = trace.spans().stream().mapToLong(SpanRecord::endNanos).max().orElseThrow();
        String service = head.service().name();
        String endpoint = isRequest(head) ? HttpShape.endpoint(head) : head.name();
        String reason = trace.reason();
        int count = storedSpans;
        boolean error = trace.failed();
        if (before != null) {
            if (before.startNanos() <= start) {
                service = before.service();
                endpoint = before.endpoint();
            }
            start = Math.min(start, before.startNanos());
            end = Math.max(end, before.endNanos());
            count += before.spanCount();
            error |= before.error();
            reason = before.keptBecause().equals("sampled") || before.keptBecause().equals("earlier") ? reason
                    : before.keptBecause();
        }
        return new TraceRow(trace.traceId(), start / 1_000_000, start, end, (end - start) / 1e6, service, endpoint,
                            count, error, reason);
    }

    /** Where the trace starts: its earliest span without a parent here, else its earliest span. */
    private static SpanRecord head(List<SpanRecord> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        return spans.stream().filter(span -> span.parentSpanId() == null || !ids.contains(span.parentSpanId()))
                .min(Comparator.comparingLong(SpanRecord::startNanos))
                .orElseGet(() -> spans.stream().min(Comparator.comparingLong(SpanRecord::startNanos)).orElseThrow());
    }

    private static boolean isRequest(SpanRecord span) {
        return span.kind() == SpanRecord.Kind.SERVER || span.kind() == SpanRecord.Kind.CONSUMER;
    }

    private Map<String, TraceRow> existing(Connection connection, List<String> traceIds) throws SQLException {
        Map<String, TraceRow> rows = new HashMap<>();
        for (int from = 0; from < traceIds.size(); from += IN_CHUNK) {
            List<String> chunk = traceIds.subList(from, Math.min(traceIds.size(), from + IN_CHUNK));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM otlp_traces WHERE trace_id IN (" + placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        TraceRow row = traceRow(result);
                        rows.put(row.traceId(), row);
                    }
                }
            }
        }
        return rows;
    }

    /** Which of these trace ids are kept. */
    List<String> keptAmong(Collection<String> traceIds) throws SQLException {
        List<String> ids = List.copyOf(traceIds);
        return storage.inTransaction(connection -> List.copyOf(existing(connection, ids).keySet()));
    }

    List<TraceRow> list(Filter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM otlp_traces WHERE started_at >= ?");
        List<Object> parameters = new ArrayList<>(List.of(filter.since()));
        if (filter.service() != null) {
            sql.append(" AND service = ?");
            parameters.add(filter.service());
        }
        if (filter.endpoint() != null) {
            sql.append(" AND endpoint = ?");
            parameters.add(filter.endpoint());
        }
        if (filter.minMs() != null) {
            sql.append(" AND duration_ms >= ?");
            parameters.add(filter.minMs());
        }
        if (filter.errorsOnly()) {
            sql.append(" AND error = 1");
        }
        sql.append(" ORDER BY started_at DESC LIMIT ?");
        parameters.add(filter.limit());
        return storage.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    select.setObject(i + 1, parameters.get(i));
                }
                List<TraceRow> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows.add(traceRow(result));
                    }
                }
                return rows;
            }
        });
    }

    /** A kept trace and its spans, earliest first. */
    Optional<Map.Entry<TraceRow, List<SpanRow>>> trace(String traceId) throws SQLException {
        return storage.inTransaction(connection -> {
            TraceRow row = existing(connection, List.of(traceId)).get(traceId);
            if (row == null) {
                return Optional.empty();
            }
            List<SpanRow> spans = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT * FROM otlp_spans WHERE trace_id = ? ORDER BY start_ns, span_id")) {
                select.setString(1, traceId);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        spans.add(new SpanRow(result.getString("span_id"), result.getString("parent_span_id"),
                                              result.getString("service"), result.getString("name"),
                                              result.getString("kind"), result.getLong("start_ns"),
                                              result.getLong("end_ns"), result.getInt("error") == 1,
                                              result.getString("status_message"), result.getString("attributes"),
                                              result.getString("events")));
                    }
                }
            }
            return Optional.of(Map.entry(row, spans));
        });
    }

    /** Deletes traces and spans that started before {@code cutoff}; answers how many traces went. */
    int deleteBefore(long cutoff) throws SQLException {
        return storage.inTransaction(connection -> {
            int traces;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM otlp_traces WHERE started_at < ?")) {
                delete.setLong(1, cutoff);
                traces = delete.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM otlp_spans WHERE started_at < ?")) {
                delete.setLong(1, cutoff);
                delete.executeUpdate();
            }
            return traces;
        });
    }

    private static TraceRow traceRow(ResultSet result) throws SQLException {
        return new TraceRow(result.getString("trace_id"), result.getLong("started_at"), result.getLong("start_ns"),
                            result.getLong("end_ns"), result.getDouble("duration_ms"), result.getString("service"),
                            result.getString("endpoint"), result.getInt("span_count"), result.getInt("error") == 1,
                            result.getString("kept_because"));
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("span attributes could not be written as JSON", e);
        }
    }
}
