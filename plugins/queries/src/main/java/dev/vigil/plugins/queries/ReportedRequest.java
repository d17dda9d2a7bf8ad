package dev.vigil.plugins.queries;

import dev.vigil.api.events.RequestEvent;

/**
 * A request whose query count the request-metrics plugin reported (its {@code query_count} field) as over the
 * threshold: flagged even when its statements never reached this plugin.
 */
record ReportedRequest(String service, String key, String requestId, String traceId, String endpoint, long timestamp,
                       int queryCount, Double queryTimeMs) implements PendingWrite {

    /** The request, when it names itself and reports more queries than {@code threshold}; else null. */
    static ReportedRequest of(RequestEvent event, int threshold) {
        String key = event.requestId() != null && !event.requestId().isBlank() ? event.requestId()
                : event.traceId() != null && !event.traceId().isBlank() ? event.traceId() : null;
        if (key == null || event.queryCount() == null || event.queryCount() <= threshold) {
            return null;
        }
        return new ReportedRequest(event.service(), key, event.requestId(), event.traceId(), event.endpoint(),
                                   event.timestamp().toEpochMilli(), event.queryCount(), event.queryTimeMs());
    }
}
