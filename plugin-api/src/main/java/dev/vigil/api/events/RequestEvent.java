package dev.vigil.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP request served by a monitored application, or by Vigil itself ({@code service} {@link #OWN_SERVICE}).
 * Published by the request-metrics plugin for every record it accepts, in batches (one per ingested batch), and for
 * a sample of Vigil's own requests — every n-th ({@code own-traffic-event-sample}) and every slow or failed one. A
 * consumer that must count every request counts from {@link RequestMinute} figures, which cover them all and which
 * no full queue drops. Optional fields are null when unknown.
 *
 * @param endpoint the route template ({@code /users/{id}}), not the raw path
 */
public record RequestEvent(Instant timestamp, String service, String method, String endpoint, String path,
                           int status, double durationMs, String user, String requestId, String traceId,
                           Integer queryCount, Double queryTimeMs, Long bytes, String client) {

    /** The service of Vigil's own requests; reserved: ingest refuses it for other records. */
    public static final String OWN_SERVICE = "vigil";

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
