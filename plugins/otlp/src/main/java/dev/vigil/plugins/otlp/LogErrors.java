package dev.vigil.plugins.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.http.TimestampWindow;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/**
 * Log records of severity ERROR and above → error events (FATAL ones at level CRITICAL), with their
 * {@code exception.*} attributes, trace id, and the endpoint of the request they were logged in when its trace
 * was assembled recently. Records below ERROR are counted, not kept: Vigil is not a log store. A record whose time
 * lies outside the shared window is refused with the reason. Pure logic.
 */
final class LogErrors {

    /** {@code SEVERITY_NUMBER_ERROR} and {@code SEVERITY_NUMBER_FATAL}. */
    static final int ERROR = 17;
    static final int FATAL = 21;

    /** What an export gave: the error events, records below ERROR, and records refused with reasons. */
    record Result(List<ErrorEvent> errors, int belowError, int rejected, Map<String, Integer> reasons) {
    }

    private LogErrors() {
    }

    /** @param window the times accepted; its now is the time of records that carry none */
    static Result read(ExportLogsServiceRequest export, TimestampWindow window, AttributeReader attributes,
                       RecentTraces recent) {
        Instant receivedAt = window.now();
        List<ErrorEvent> errors = new ArrayList<>();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int below = 0;
        int rejected = 0;
        for (ResourceLogs resourceLogs : export.getResourceLogsList()) {
            ServiceResource service = ServiceResource.of(attributes.read(
                    resourceLogs.getResource().getAttributesList()));
            for (ScopeLogs scope : resourceLogs.getScopeLogsList()) {
                for (LogRecord log : scope.getLogRecordsList()) {
                    int severity = severity(log);
                    if (severity < ERROR) {
                        below++;
                        continue;
                    }
                    String problem = problem(log, window);
                    if (problem != null) {
                        rejected++;
                        reasons.merge(problem, 1, Integer::sum);
                        continue;
                    }
                    errors.add(error(log, severity, service, scope.getScope().getName(), receivedAt, attributes,
                                     recent));
                }
            }
        }
        return new Result(errors, below, rejected, reasons);
    }

    /** The severity number, or one read from the text when the number is unset (older bridges send only text). */
    static int severity(LogRecord log) {
        if (log.getSeverityNumberValue() > 0) {
            return log.getSeverityNumberValue();
        }
        return switch (log.getSeverityText().strip().toUpperCase(Locale.ROOT)) {
            case "ERROR", "SEVERE", "ERR" -> ERROR;
            case "FATAL", "CRITICAL", "CRIT", "EMERGENCY", "ALERT", "PANIC" -> FATAL;
            default -> 0;
        };
    }

    private static String problem(LogRecord log, TimestampWindow window) {
        if (!log.getTraceId().isEmpty() && Ids.hex(log.getTraceId(), Ids.TRACE_ID_BYTES) == null) {
            return "invalid trace id (16 bytes, not all zero, or empty)";
        }
        if (!log.getSpanId().isEmpty() && Ids.hex(log.getSpanId(), Ids.SPAN_ID_BYTES) == null) {
            return "invalid span id (8 bytes, not all zero, or empty)";
        }
        long nanos = time(log);
        String late = nanos == 0 ? null : window.problem(TraceMapper.instant(nanos));
        return late == null ? null : "time " + late;
    }

    /** When it happened, else when it was observed; 0 when neither is set. */
    private static long time(LogRecord log) {
        return log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
    }

    private static ErrorEvent error(LogRecord log, int severity, ServiceResource service, String scope,
                                    Instant receivedAt, AttributeReader reader, RecentTraces recent) {
        Attributes attributes = reader.read(log.getAttributesList());
        String type = attributes.text(Semconv.EXCEPTION_TYPE);
        String stack = attributes.text(Semconv.EXCEPTION_STACKTRACE);
        Object body = Attributes.value(log.getBody(), 8192);
        String message = body == null || body.toString().isBlank() ? attributes.text(Semconv.EXCEPTION_MESSAGE)
                : body.toString();
        if (type == null && message == null && stack == null) {
            message = "an " + (severity >= FATAL ? "FATAL" : "ERROR") + " log record without a body";
        }
        String traceId = log.getTraceId().isEmpty() ? null : Ids.hex(log.getTraceId(), Ids.TRACE_ID_BYTES);
        String spanId = log.getSpanId().isEmpty() ? null : Ids.hex(log.getSpanId(), Ids.SPAN_ID_BYTES);
        String endpoint = attributes.text(Semconv.HTTP_ROUTE);
        if (endpoint == null && traceId != null && spanId != null) {
            endpoint = recent.endpointOf(traceId, spanId);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        if (!scope.isBlank()) {
            context.put("logger", scope);
        }
        if (!log.getSeverityText().isBlank()) {
            context.put("severity", log.getSeverityText());
        }
        if (spanId != null) {
            context.put("span_id", spanId);
        }
        long nanos = time(log);
        return new ErrorEvent(nanos == 0 ? receivedAt : TraceMapper.instant(nanos), service.name(),
                              severity >= FATAL ? ErrorLevel.CRITICAL : ErrorLevel.ERROR, type, message, List.of(),
                              stack, endpoint, null, traceId, attributes.text(Semconv.USER),
                              attributes.text(Semconv.USER_AGENT), attributes.text(Semconv.CLIENT_ADDRESS),
                              service.version(), service.environment(), context, null);
    }
}
