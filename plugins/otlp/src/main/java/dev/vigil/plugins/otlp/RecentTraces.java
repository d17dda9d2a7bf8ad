package dev.vigil.plugins.otlp;

import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outlines of recently assembled traces, so that a span arriving after its trace was assembled (a slow
 * exporter, a downstream service flushing later) still finds its request, and joins a kept trace. Bounded by span
 * count and age; the oldest trace is forgotten first. Thread-safe.
 */
final class RecentTraces {

    /** A trace assembled earlier: its spans' outlines, and whether it was kept. */
    record Assembled(Map<String, SpanOutline> outlines, boolean kept) {
    }

    private record Entry(Assembled trace, long rememberedAt) {
    }

    private final LinkedHashMap<String, Entry> traces = new LinkedHashMap<>();
    private final int maxSpans;
    private int spans;

    RecentTraces(int maxSpans) {
        this.maxSpans = maxSpans;
    }

    synchronized Assembled get(String traceId) {
        Entry entry = traces.get(traceId);
        return entry == null ? null : entry.trace();
    }

    /** Remembers the trace's outlines (all of them, earlier ones included) and whether it is kept. */
    synchronized void remember(String traceId, Collection<SpanOutline> outlines, boolean kept, long now) {
        Entry previous = traces.remove(traceId);
        if (previous != null) {
            spans -= previous.trace().outlines().size();
        }
        Map<String, SpanOutline> byId = new HashMap<>();
        outlines.forEach(outline -> byId.put(outline.spanId(), outline));
        traces.put(traceId, new Entry(new Assembled(byId, kept), now));
        spans += byId.size();
        Iterator<Entry> oldest = traces.values().iterator();
        while (spans > maxSpans && oldest.hasNext()) {
            spans -= oldest.next().trace().outlines().size();
            oldest.remove();
        }
    }

    /** Forgets traces remembered longer than {@code keepMs} ago. */
    synchronized void expire(long now, long keepMs) {
        Iterator<Entry> oldest = traces.values().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next();
            if (now - entry.rememberedAt() < keepMs) {
                break;
            }
            spans -= entry.trace().outlines().size();
            oldest.remove();
        }
    }

    synchronized int spans() {
        return spans;
    }

    /** The endpoint of the request a span belongs to, if its trace was assembled recently. */
    synchronized String endpointOf(String traceId, String spanId) {
        Entry entry = traces.get(traceId);
        if (entry == null) {
            return null;
        }
        Map<String, SpanOutline> outlines = entry.trace().outlines();
        SpanOutline current = outlines.get(spanId);
        for (int depth = 0; current != null && depth < 1000; depth++) {
            if (current.request()) {
                return current.endpoint();
            }
            SpanOutline parent = current.parentSpanId() == null ? null : outlines.get(current.parentSpanId());
            if (parent == null || !parent.service().equals(current.service())) {
                return null;
            }
            current = parent;
        }
        return null;
    }

    /** For tests and the status route: how many traces are remembered. */
    synchronized List<String> traceIds() {
        return List.copyOf(traces.keySet());
    }
}
