package dev.vigil.plugins.alerts;

import java.time.Instant;

/**
 * One attempt to send one alert change to one channel, or the reason none was made.
 *
 * @param attempt 1-based; 0 when nothing was sent (silenced, dropped)
 * @param outcome {@code delivered}, {@code failed} (another attempt follows), {@code gave_up} (the last attempt
 *                failed), {@code silenced} or {@code dropped} (too many notifications pending)
 */
record Delivery(long id, long alertId, Change change, String channel, int attempt, Instant time, String outcome,
                Integer statusCode, Double durationMs, String error) {

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String GAVE_UP = "gave_up";
    static final String SILENCED = "silenced";
    static final String DROPPED = "dropped";
}
