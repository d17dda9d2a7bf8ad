package dev.vigil.plugins.otlp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds spans until their trace is complete enough to map. SDKs export a span when it ends, so a request's
 * database calls often arrive in an export before the request span itself, and spans of one trace arrive from
 * several processes. A trace is released once no span of it has arrived for the quiet window and no span waits
 * for a parent that has not arrived (a request span, or one whose parent is known to be remote, waits for
 * nothing); one still waiting is released after the orphan wait; any trace after the maximum age. Thread-safe.
 */
final class TraceAssembler {

    /** One trace being assembled. */
    private static final class Open {
        final String traceId;
        final long openedAt;
        final List<SpanRecord> spans = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        /** Parents that have not arrived, with how many spans wait for each. */
        final Map<String, Integer> waitingFor = new HashMap<>();
        long lastArrival;
        boolean closed;

        Open(String traceId, long now) {
            this.traceId = traceId;
            this.openedAt = now;
        }
    }

    /** In access order: the trace fed least recently comes first. */
    private final LinkedHashMap<String, Open> open = new LinkedHashMap<>(1024, 0.75f, true);
    /** In opening order, for the maximum age; closed entries are skipped when they come up. */
    private final ArrayDeque<Open> byOpening = new ArrayDeque<>();
    private int spans;

    /** @param requestKinds span kinds that start a request: they never wait for their parent */
    synchronized void add(List<SpanRecord> batch, long now, Collection<SpanRecord.Kind> requestKinds) {
        for (SpanRecord span : batch) {
            Open trace = open.get(span.traceId());
            if (trace == null) {
                trace = new Open(span.traceId(), now);
                open.put(span.traceId(), trace);
                byOpening.add(trace);
            }
            trace.spans.add(span);
            trace.lastArrival = now;
            spans++;
            if (!trace.ids.add(span.spanId())) {
                continue; // the same span again (an exporter's retry): it changes nothing that waits
            }
            trace.waitingFor.remove(span.spanId());
            String parent = span.parentSpanId();
            if (parent != null && !trace.ids.contains(parent) && !span.parentIsRemote()
                    && !requestKinds.contains(span.kind())) {
                trace.waitingFor.merge(parent, 1, Integer::sum);
            }
        }
        if (byOpening.size() > 2 * open.size() + 1024) {
            byOpening.removeIf(trace -> trace.closed);
        }
    }

    /**
     * The traces due: quiet and complete, quiet for the orphan wait, or open for the maximum age; at most about
     * {@code maxSpans} spans of them, so that one hand-over stays a size the owners commit within their timeout (the
     * rest are due again at the next look).
     */
    synchronized List<List<SpanRecord>> closeDue(long now, long quietMs, long orphanMs, long maxAgeMs, int maxSpans) {
        List<List<SpanRecord>> due = new ArrayList<>();
        int taken = 0;
        Iterator<Open> leastRecent = open.values().iterator();
        while (leastRecent.hasNext() && taken < maxSpans) {
            Open trace = leastRecent.next();
            long quiet = now - trace.lastArrival;
            if (quiet < quietMs) {
                break;
            }
            if (trace.waitingFor.isEmpty() || quiet >= orphanMs) {
                leastRecent.remove();
                taken += trace.spans.size();
                due.add(close(trace));
            }
        }
        while (!byOpening.isEmpty() && taken < maxSpans) {
            Open oldest = byOpening.peek();
            if (!oldest.closed && now - oldest.openedAt < maxAgeMs) {
                break;
            }
            byOpening.poll();
            if (!oldest.closed) {
                open.remove(oldest.traceId);
                taken += oldest.spans.size();
                due.add(close(oldest));
            }
        }
        return due;
    }

    private List<SpanRecord> close(Open trace) {
        trace.closed = true;
        spans -= trace.spans.size();
        return trace.spans;
    }

    synchronized int openSpans() {
        return spans;
    }

    synchronized int openTraces() {
        return open.size();
    }
}
