package dev.vigil.plugins.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.http.TimestampWindow;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/**
 * Turns an export into the spans it accepts, refusing (and counting, with the reason) each span whose ids are not
 * valid, whose times make no sense or lie outside what is accepted. The same export read again with the same
 * arrival time accepts the same spans: the inbox replays exports this way after a restart.
 */
final class SpanReader {

    /** W3C flags in {@code Span.flags}: whether the SDK knows if the parent is remote, and if it is. */
    private static final int HAS_IS_REMOTE = 0x100;
    private static final int IS_REMOTE = 0x200;

    /** What one export gave: the accepted spans, and how many were refused for which reason. */
    record Batch(List<SpanRecord> spans, int rejected, Map<String, Integer> reasons) {
    }

    private final AttributeReader attributes;
    private final OtlpConfig config;

    SpanReader(AttributeReader attributes, OtlpConfig config) {
        this.attributes = attributes;
        this.config = config;
    }

    Batch read(ExportTraceServiceRequest export, Instant receivedAt, int refused, long inboxId) {
        TimestampWindow window = config.timestampWindow(receivedAt);
        List<SpanRecord> accepted = new ArrayList<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int rejected = 0;
        for (ResourceSpans resourceSpans : export.getResourceSpansList()) {
            ServiceResource service = ServiceResource.of(attributes.read(
                    resourceSpans.getResource().getAttributesList()));
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    String problem = problem(span, window);
                    if (problem != null) {
                        rejected++;
                        reasons.merge(problem, 1, Integer::sum);
                        continue;
                    }
                    accepted.add(record(span, service, refused, inboxId));
                }
            }
        }
        return new Batch(accepted, rejected, reasons);
    }

    private static String problem(Span span, TimestampWindow window) {
        if (Ids.hex(span.getTraceId(), Ids.TRACE_ID_BYTES) == null) {
            return "invalid trace id (16 bytes, not all zero)";
        }
        if (Ids.hex(span.getSpanId(), Ids.SPAN_ID_BYTES) == null) {
            return "invalid span id (8 bytes, not all zero)";
        }
        if (!span.getParentSpanId().isEmpty() && Ids.hex(span.getParentSpanId(), Ids.SPAN_ID_BYTES) == null) {
            return "invalid parent span id (8 bytes, not all zero, or empty)";
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start == 0 || end == 0) {
            return "no start or end time";
        }
        if (Long.compareUnsigned(end, start) < 0) {
            return "ends before it starts";
        }
        String late = window.problem(TraceMapper.instant(start));
        return late == null ? null : "start time " + late;
    }

    private SpanRecord record(Span span, ServiceResource service, int refused, long inboxId) {
        List<SpanRecord.Event> events = span.getEventsCount() == 0 ? List.of() : new ArrayList<>();
        for (Span.Event event : span.getEventsList()) {
            events.add(new SpanRecord.Event(event.getName(), event.getTimeUnixNano(),
                                            attributes.read(event.getAttributesList())));
        }
        String parent = span.getParentSpanId().isEmpty() ? null : Ids.hex(span.getParentSpanId(), Ids.SPAN_ID_BYTES);
        boolean remoteParent = (span.getFlags() & HAS_IS_REMOTE) != 0 && (span.getFlags() & IS_REMOTE) != 0;
        return new SpanRecord(Ids.hex(span.getTraceId(), Ids.TRACE_ID_BYTES), Ids.hex(span.getSpanId(),
                Ids.SPAN_ID_BYTES), parent, remoteParent, service, span.getName(),
                SpanRecord.Kind.of(span.getKindValue()), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getMessage(),
                attributes.read(span.getAttributesList()), events, refused, inboxId);
    }

    static long nanos(Instant time) {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
