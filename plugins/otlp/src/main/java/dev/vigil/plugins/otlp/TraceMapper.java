package dev.vigil.plugins.otlp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;

/**
 * Turns the spans of one trace into what the owning plugins store, by the semantic conventions (pure logic):
 * <ul>
 *   <li>a request-kind span (SERVER, CONSUMER by default) → a request record, with the count and time of the
 *       database calls beneath it in its service;</li>
 *   <li>a database client span → a statement tied to its request: the request id is the span id of its service's
 *       local root (the request span above it, or the topmost span of its service), so that the query plugin's
 *       N+1 analysis sees one request's statements together;</li>
 *   <li>an {@code exception} span event → an error event; a failed span without one → an error event for the
 *       innermost failed span of its request.</li>
 * </ul>
 * Spans of the trace assembled earlier ({@code earlier}) only place the new ones; they are not handed over again.
 */
final class TraceMapper {

    private static final int MAX_DEPTH = 10_000;

    private final Set<SpanRecord.Kind> requestKinds;

    TraceMapper(Collection<SpanRecord.Kind> requestKinds) {
        this.requestKinds = Set.copyOf(requestKinds);
    }

    MappedTrace map(String traceId, List<SpanRecord> spans, Collection<SpanOutline> earlier) {
        Map<String, SpanOutline> known = new HashMap<>();
        earlier.forEach(outline -> known.put(outline.spanId(), outline));
        Map<String, SpanOutline> fresh = new LinkedHashMap<>();
        for (SpanRecord span : spans) {
            SpanOutline outline = SpanOutline.of(span, requestKinds.contains(span.kind()));
            known.put(span.spanId(), outline);
            fresh.put(span.spanId(), outline);
        }
        Map<String, String> roots = new HashMap<>();
        Map<String, double[]> databaseCalls = new HashMap<>();
        for (SpanOutline outline : known.values()) {
            String root = localRoot(outline, known, roots);
            if (outline.database()) {
                double[] calls = databaseCalls.computeIfAbsent(root, r -> new double[2]);
                calls[0]++;
                calls[1] += outline.durationMs();
            }
        }
        List<RequestEvent> requests = new ArrayList<>();
        List<QueryEvent> queries = new ArrayList<>();
        List<ErrorEvent> errors = new ArrayList<>();
        boolean failed = false;
        double slowest = 0;
        Map<String, SpanRecord> innermostFailure = new LinkedHashMap<>();
        Map<String, Boolean> groupHasException = new HashMap<>();
        for (SpanRecord span : spans) {
            SpanOutline outline = fresh.get(span.spanId());
            String rootId = roots.get(span.spanId());
            SpanOutline root = known.get(rootId);
            if (outline.request()) {
                slowest = Math.max(slowest, span.durationMs());
                if (!Parts.refused(span.refused(), Parts.REQUESTS)) {
                    requests.add(request(traceId, span, outline, databaseCalls.get(span.spanId())));
                }
            }
            if (outline.database() && !Parts.refused(span.refused(), Parts.QUERIES)) {
                queries.add(statement(traceId, span, rootId, root));
            }
            failed |= span.error() || span.hasException();
            if (span.hasException()) {
                groupHasException.put(rootId, true);
                if (!Parts.refused(span.refused(), Parts.ERRORS)) {
                    for (SpanRecord.Event event : span.events()) {
                        if (event.name().equals(Semconv.EXCEPTION_EVENT)) {
                            errors.add(exception(traceId, span, event, rootId, root, spans));
                        }
                    }
                }
            } else if (span.error()) {
                SpanRecord current = innermostFailure.get(rootId);
                if (current == null || depth(span, known) > depth(current, known)) {
                    innermostFailure.put(rootId, span);
                }
            }
        }
        innermostFailure.forEach((rootId, span) -> {
            if (!groupHasException.getOrDefault(rootId, false) && !Parts.refused(span.refused(), Parts.ERRORS)) {
                errors.add(failure(traceId, span, rootId, known.get(rootId)));
            }
        });
        return new MappedTrace(traceId, spans, requests, queries, errors, List.copyOf(known.values()), failed,
                               slowest);
    }

    /**
     * The span of its service at the top of its request: itself when it is a request span, has no parent here, or
     * its parent belongs to another service; else its parent's local root.
     */
    private static String localRoot(SpanOutline outline, Map<String, SpanOutline> known, Map<String, String> roots) {
        List<String> path = new ArrayList<>();
        SpanOutline current = outline;
        String root = null;
        while (root == null) {
            String cached = roots.get(current.spanId());
            if (cached != null) {
                root = cached;
                break;
            }
            path.add(current.spanId());
            SpanOutline parent = current.parentSpanId() == null ? null : known.get(current.parentSpanId());
            if (current.request() || parent == null || !parent.service().equals(current.service())
                    || path.size() > MAX_DEPTH || path.contains(parent.spanId())) {
                root = current.spanId();
            } else {
                current = parent;
            }
        }
        for (String id : path) {
            roots.put(id, root);
        }
        return root;
    }

    private static int depth(SpanRecord span, Map<String, SpanOutline> known) {
        int depth = 0;
        String parent = span.parentSpanId();
        while (parent != null && known.containsKey(parent) && depth < MAX_DEPTH) {
            depth++;
            parent = known.get(parent).parentSpanId();
        }
        return depth;
    }

    private static RequestEvent request(String traceId, SpanRecord span, SpanOutline outline, double[] calls) {
        String path = HttpShape.path(span);
        Long bytes = span.attributes().number(Semconv.RESPONSE_BYTES);
        return new RequestEvent(instant(span.startNanos()), span.service().name(), HttpShape.method(span),
                                outline.endpoint(), path == null ? outline.endpoint() : path, HttpShape.status(span),
                                span.durationMs(), outline.user(), span.spanId(), traceId,
                                calls == null ? null : (int) calls[0], calls == null ? null : calls[1],
                                bytes == null || bytes < 0 ? null : bytes,
                                span.attributes().text(Semconv.CLIENT_ADDRESS));
    }

    private static QueryEvent statement(String traceId, SpanRecord span, String rootId, SpanOutline root) {
        Long rows = span.attributes().number(Semconv.DB_RETURNED_ROWS);
        return new QueryEvent(instant(span.startNanos()), span.service().name(), statementText(span),
                              span.durationMs(), rows == null || rows < 0 ? null : rows, rootId, traceId,
                              root == null ? null : root.endpoint(), span.attributes().text(Semconv.DB_SYSTEM), null);
    }

    /** The statement text; for instrumentations that leave it out, the best summary they give. */
    static String statementText(SpanRecord span) {
        String text = span.attributes().text(Semconv.DB_STATEMENT);
        if (text != null) {
            return text;
        }
        String summary = span.attributes().text(Semconv.DB_QUERY_SUMMARY);
        if (summary != null) {
            return summary;
        }
        String operation = span.attributes().text(Semconv.DB_OPERATION);
        String collection = span.attributes().text(Semconv.DB_COLLECTION);
        return collection == null ? operation : operation + " " + collection;
    }

    private static ErrorEvent exception(String traceId, SpanRecord span, SpanRecord.Event event, String rootId,
                                        SpanOutline root, List<SpanRecord> spans) {
        Attributes attributes = event.attributes();
        String type = attributes.text(Semconv.EXCEPTION_TYPE);
        String message = attributes.text(Semconv.EXCEPTION_MESSAGE);
        String stack = attributes.text(Semconv.EXCEPTION_STACKTRACE);
        if (type == null && message == null && stack == null) {
            message = span.statusMessage().isBlank() ? span.name() + " failed" : span.statusMessage();
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("span", span.name());
        context.put("span_id", span.spanId());
        long time = event.timeNanos() != 0 ? event.timeNanos() : span.endNanos();
        return errorEvent(traceId, span, instant(time), type, message, stack, rootId, root, spans, context);
    }

    /**
     * A failed span without an exception. Named after what failed, so that failures of different endpoints are
     * different groups even when the span's name is only the method ({@code GET}).
     */
    private static ErrorEvent failure(String traceId, SpanRecord span, String rootId, SpanOutline root) {
        boolean request = root != null && root.request() && span.spanId().equals(rootId);
        Long httpStatus = span.attributes().number(Semconv.HTTP_STATUS);
        String type = span.attributes().text(Semconv.ERROR_TYPE);
        if (type == null) {
            type = httpStatus != null ? "HTTP " + httpStatus : "SpanError";
        }
        String message = !span.statusMessage().isBlank() ? span.statusMessage()
                : request ? HttpShape.method(span) + " " + root.endpoint() + " answered " + HttpShape.status(span)
                : span.name() + " failed";
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("span", span.name());
        context.put("span_id", span.spanId());
        context.put("source", "span status ERROR");
        return errorEvent(traceId, span, instant(span.endNanos()), type, message, null, rootId, root, List.of(span),
                          context);
    }

    private static ErrorEvent errorEvent(String traceId, SpanRecord span, Instant time, String type, String message,
                                         String stack, String rootId, SpanOutline root, List<SpanRecord> spans,
                                         Map<String, Object> context) {
        SpanRecord rootSpan = find(spans, rootId);
        String user = root != null && root.user() != null ? root.user() : span.attributes().text(Semconv.USER);
        String userAgent = rootSpan == null ? null : rootSpan.attributes().text(Semconv.USER_AGENT);
        String clientIp = rootSpan == null ? null : rootSpan.attributes().text(Semconv.CLIENT_ADDRESS);
        return new ErrorEvent(time, span.service().name(), ErrorLevel.ERROR, type, message, List.of(), stack,
                              root == null ? null : root.endpoint(), rootId, traceId, user, userAgent, clientIp,
                              span.service().version(), span.service().environment(), context, null);
    }

    private static SpanRecord find(List<SpanRecord> spans, String spanId) {
        for (SpanRecord span : spans) {
            if (span.spanId().equals(spanId)) {
                return span;
            }
        }
        return null;
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
                                     Long.remainderUnsigned(nanos, 1_000_000_000L));
    }
}
