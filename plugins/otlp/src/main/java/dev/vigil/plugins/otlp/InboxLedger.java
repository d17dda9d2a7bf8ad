package dev.vigil.plugins.otlp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How many spans of each inbox row are still on their way; a row whose count reaches zero can go. Thread-safe. */
final class InboxLedger {

    private final Map<Long, Integer> remaining = new HashMap<>();

    synchronized void opened(long inboxId, int spans) {
        remaining.merge(inboxId, spans, Integer::sum);
    }

    /** Counts the spans as handed over; answers the rows none of whose spans is still on its way. */
    synchronized List<Long> release(List<SpanRecord> spans) {
        List<Long> done = new ArrayList<>();
        for (SpanRecord span : spans) {
            Integer left = remaining.get(span.inboxId());
            if (left == null) {
                continue;
            }
            if (left <= 1) {
                remaining.remove(span.inboxId());
                done.add(span.inboxId());
            } else {
                remaining.put(span.inboxId(), left - 1);
            }
        }
        return done;
    }

    synchronized int rows() {
        return remaining.size();
    }
}
