package dev.vigil.plugins.otlp;

import java.util.List;

/**
 * The spans of a trace to keep, and why: {@code error}, {@code slow}, {@code sampled}, or {@code earlier} for
 * spans arriving after their trace was kept.
 */
record KeptTrace(String traceId, List<SpanRecord> spans, String reason, boolean failed) {
}
