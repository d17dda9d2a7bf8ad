package dev.vigil.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP request served by a monitored application, or by Vigil itself ({@code service = "vigil"}).
 * Published by the request-metrics plugin for every record it accepts. Optional fields are null when unknown.
 *
 * @param endpoint the route template ({@code /users/{id}}), not the raw path
 */
public record RequestEvent(Instant timestamp, String service, String method, String endpoint, String path,
                           int status, double durationMs, String user, String requestId, String traceId,
                           Integer queryCount, Double queryTimeMs, Long bytes, String client) {

    public RequestEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599: " + status);
        }
        if (!(durationMs >= 0)) {
            throw new IllegalArgumentException("duration_ms must be >= 0: " + durationMs);
        }
    }
}
