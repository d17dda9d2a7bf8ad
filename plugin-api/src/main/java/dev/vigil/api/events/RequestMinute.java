package dev.vigil.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * The additive figures of one endpoint in one minute, for requests that are not each published as a
 * {@link RequestEvent}: Vigil's own traffic, which the request-metrics plugin counts in memory and publishes every
 * few seconds. A minute's figures may come in several parts; they add up (maxima take the larger). Together with
 * the RequestEvents of ingested records they count every request exactly.
 *
 * @param minute        the start of the minute
 * @param sumSquaresMs  the sum of the squared durations, for the standard deviation
 */
public record RequestMinute(Instant minute, String service, String method, String endpoint, long count,
                            long clientErrors, long serverErrors, double sumMs, double sumSquaresMs, double maxMs) {

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
