package dev.vigil.plugins.requests;

import java.time.Instant;

/**
 * The minutes a query covers: the last {@code hours * 60} minutes, the current (partial) one included.
 * {@link #hourPart()} is the run of hours from the first whole hour to the current one, read from hour rows;
 * {@link #leadingMinutes()} are the minutes before it, read from minute rows. So a window costs at most
 * {@code hours + 59} rows per endpoint, whatever the traffic. The current hour's row also holds the records
 * stamped later than now (up to {@code max-clock-skew} ahead), which therefore count as now.
 *
 * @param from start, a minute boundary (inclusive)
 * @param to   end, the minute after the current one (exclusive)
 * @param now  the server's time, for rates: the window holds {@code now - from} of traffic so far
 */
record TimeWindow(long from, long to, long now) {

    /** A range of period starts, {@code from <= start < to}; empty when {@code from >= to}. */
    record Range(long from, long to) {
        boolean isEmpty() {
            return from >= to;
        }
    }

    static TimeWindow lastHours(Instant now, int hours) {
        long millis = now.toEpochMilli();
        long to = Periods.floor(millis, Periods.MINUTE) + Periods.MINUTE;
        return new TimeWindow(to - hours * Periods.HOUR, to, millis);
    }

    /** Whole hours are as many as the window's hours: the first whole one up to the current one. */
    Range hourPart() {
        return new Range(Periods.ceil(from, Periods.HOUR), Periods.ceil(to, Periods.HOUR));
    }

    Range leadingMinutes() {
        return new Range(from, Periods.ceil(from, Periods.HOUR));
    }

    /** Seconds of traffic the window holds so far, for throughput. */
    double elapsedSeconds() {
        return Math.max(1, Math.min(now, to) - from) / 1000.0;
    }

    Instant fromInstant() {
        return Instant.ofEpochMilli(from);
    }

    Instant toInstant() {
        return Instant.ofEpochMilli(to);
    }
}
