package dev.vigil.api.http;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.api.Durations;

/**
 * The one rule for a record's time on every ingest route and every hand-over between plugins: not older than the
 * data kind's retention (it would be deleted at once), and not further ahead of the server's clock than the
 * clock-skew allowance. A time ahead within the allowance is taken as now, so that no figure lies in the future.
 */
public final class TimestampWindow {

    /** The allowance of routes that have no setting of their own. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Instant now;
    private final Duration retention;
    private final Duration clockSkew;
    private final Instant earliest;
    private final Instant latest;

    /**
     * @param now       the server's time
     * @param retention how long the data kind is kept
     * @param clockSkew how far ahead of the server a client's clock may be
     */
    public TimestampWindow(Instant now, Duration retention, Duration clockSkew) {
        if (retention.isNegative() || clockSkew.isNegative()) {
            throw new IllegalArgumentException("retention and clock skew must be >= 0");
        }
        this.now = now;
        this.retention = retention;
        this.clockSkew = clockSkew;
        this.earliest = now.minus(retention);
        this.latest = now.plus(clockSkew);
    }

    public Instant now() {
        return now;
    }

    /** The record's required time, as {@link #check} accepts it. */
    public Instant required(JsonRecord record, String field) {
        return check(record, field, record.requiredInstant(field));
    }

    /** The record's time, or {@code fallback} (usually now) when it has none. */
    public Instant optional(JsonRecord record, String field, Instant fallback) {
        Instant time = record.optionalInstant(field);
        return time == null ? fallback : check(record, field, time);
    }

    /**
     * @return the accepted time: {@code time}, or now when it is ahead within the allowance
     * @throws ApiException 400 naming the field and whether the time is too old or too far ahead
     */
    public Instant check(JsonRecord record, String field, Instant time) {
        String problem = problem(time);
        if (problem != null) {
            throw record.invalid(field, problem + (time.isBefore(earliest) ? " (earliest accepted: " + earliest + ")"
                    : " (the server's time is " + now + ")"));
        }
        return accepted(time);
    }

    /** For records handed over between plugins: the accepted time, or null when the record is to be skipped. */
    public Instant admit(Instant time) {
        return problem(time) == null ? accepted(time) : null;
    }

    /**
     * Why {@code time} is refused, or null when it is accepted. The text names the rule but no instant, so that it
     * serves as a reason counted across requests.
     */
    public String problem(Instant time) {
        if (time.isBefore(earliest)) {
            return "is older than the retention of " + Durations.format(retention);
        }
        if (time.isAfter(latest)) {
            return "is more than " + Durations.format(clockSkew) + " ahead of the server's clock, the allowed clock skew";
        }
        return null;
    }

    private Instant accepted(Instant time) {
        return time.isAfter(now) ? now : time;
    }
}
