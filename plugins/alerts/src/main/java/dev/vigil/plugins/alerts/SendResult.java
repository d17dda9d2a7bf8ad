package dev.vigil.plugins.alerts;

/**
 * The result of one attempt to send a notification.
 *
 * @param permanent another attempt cannot succeed (the request cannot be built, the plugin is stopping)
 * @param status    the HTTP status or SMTP reply code, when the other side answered
 * @param millis    how long the attempt took
 * @param error     what went wrong, for the delivery record and the log; null when it went through
 */
record SendResult(boolean ok, boolean permanent, Integer status, Double millis, String error) {

    static SendResult sent(Integer status, long startedNanos) {
        return new SendResult(true, false, status, elapsed(startedNanos), null);
    }

    /** Another attempt may succeed (a timeout, a 5xx, a refused connection). */
    static SendResult failed(Integer status, long startedNanos, String error) {
        return new SendResult(false, false, status, elapsed(startedNanos), error);
    }

    static SendResult failedForGood(Integer status, long startedNanos, String error) {
        return new SendResult(false, true, status, elapsed(startedNanos), error);
    }

    /** Recorded and logged errors never show the channel's secrets, which endpoints and exceptions may echo. */
    SendResult redactedFor(Channel channel) {
        return error == null ? this : new SendResult(ok, permanent, status, millis, channel.redact(error));
    }

    /** Milliseconds since {@code startedNanos}, to two decimals. */
    static double elapsed(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }
}
