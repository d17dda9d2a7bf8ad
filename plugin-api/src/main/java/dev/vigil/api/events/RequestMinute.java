package dev.vigil.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The additive figures of one endpoint in one minute, published by the request-metrics plugin for every request:
 * ingested records once their batch has committed, Vigil's own requests every few seconds from memory. A minute's
 * figures come in several parts; they add up (maxima take the larger). A consumer that needs every request counts
 * from these — few, and never dropped in practice — rather than from {@link RequestEvent}s, which a full queue may
 * drop and which are only a sample for Vigil's own traffic.
 *
 * @param minute          the start of the minute
 * @param sumSquaresMs    the sum of the squared durations, for the standard deviation
 * @param queriedRequests requests that reported their query count; {@code sumQueries} and {@code sumQueryMs} are
 *                        theirs
 */
public record RequestMinute(Instant minute, String service, String method, String endpoint, long count,
                            long clientErrors, long serverErrors, double sumMs, double sumSquaresMs, double maxMs,
                            long queriedRequests, double sumQueries, double sumQueryMs) {

    public RequestMinute {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
        if (count < 1) {
            throw new IllegalArgumentException("a minute's figures count at least one request: " + count);
        }
    }
}
