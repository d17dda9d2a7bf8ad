package dev.vigil.plugins.queries;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.QueryEvent;

/**
 * One executed statement as reported: by a monitored application through the ingest route, or by the kernel for
 * Vigil's own storage. Optional fields are null when unknown.
 *
 * @param parameters the values bound to the statement's placeholders, as text; null when not reported
 */
record Execution(Instant timestamp, String service, String sql, double durationMs, Long rows, String requestId,
                 String traceId, String endpoint, String database, String origin, List<String> parameters) {

    static Execution of(QueryEvent event) {
        // The kernel inlines bound values into the text, so the literals already tell repeats apart.
        return new Execution(event.timestamp(), event.service(), event.sql(), event.durationMs(), event.rows(),
                             event.requestId(), event.traceId(), event.endpoint(), event.database(), event.origin(),
                             null);
    }

    Execution at(Instant time) {
        return new Execution(time, service, sql, durationMs, rows, requestId, traceId, endpoint, database, origin,
                             parameters);
    }

    Execution withSql(String text) {
        return new Execution(timestamp, service, text, durationMs, rows, requestId, traceId, endpoint, database, origin,
                             parameters);
    }
}
