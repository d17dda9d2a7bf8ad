package dev.vigil.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One executed database statement: ingested from a monitored application, or observed by the kernel on Vigil's
 * own storage ({@code service = "vigil"}, {@code origin} = the plugin that ran it). The kernel never delivers to
 * a plugin the statements that plugin ran itself while subscribed to this type, so analysing queries never
 * recurses on its own writes.
 */
public record QueryEvent(Instant timestamp, String service, String sql, double durationMs, Long rows,
                         String requestId, String traceId, String endpoint, String database, String origin) {

    public QueryEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(sql, "sql");
        if (!(durationMs >= 0)) {
            throw new IllegalArgumentException("duration_ms must be >= 0: " + durationMs);
        }
    }
}
