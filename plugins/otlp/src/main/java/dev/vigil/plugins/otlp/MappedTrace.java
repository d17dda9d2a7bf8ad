package dev.vigil.plugins.otlp;

import java.util.List;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;

/**
 * What one assembled trace (or a late part of one) turns into for the owning plugins, and what decides whether it
 * is kept.
 *
 * @param spans      the spans assembled this time
 * @param outlines   every span of the trace known so far, for spans that arrive later still
 * @param failed     a span of it failed (ERROR status or an exception)
 * @param slowestMs  the longest of its requests, 0 when it has none
 */
record MappedTrace(String traceId, List<SpanRecord> spans, List<RequestEvent> requests, List<QueryEvent> queries,
                   List<ErrorEvent> errors, List<SpanOutline> outlines, boolean failed, double slowestMs) {
}
