package dev.vigil.plugins.otlp;

/**
 * Decides which traces are kept for looking at: every failed one, every one with a slow request, the later spans of
 * one kept already, and a deterministic sample of the rest (by trace id, so that every node and every late part of
 * a trace decides alike). Pure logic.
 */
final class TraceKeeper {

    private TraceKeeper() {
    }

    /** Why the trace is kept, or null when it is not. */
    static String reason(MappedTrace trace, boolean keptEarlier, double slowMs, double samplePercent) {
        if (trace.failed()) {
            return "error";
        }
        if (trace.slowestMs() > 0 && trace.slowestMs() >= slowMs) {
            return "slow";
        }
        if (keptEarlier) {
            return "earlier";
        }
        return sampled(trace.traceId(), samplePercent) ? "sampled" : null;
    }

    static boolean sampled(String traceId, double percent) {
        if (percent >= 100) {
            return true;
        }
        if (percent <= 0) {
            return false;
        }
        return Long.remainderUnsigned(Ids.randomPart(traceId), 1_000_000) < percent * 10_000;
    }
}
