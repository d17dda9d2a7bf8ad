package dev.vigil.kernel.runtime;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and the last error of one contribution (a task, a subscription, a queue), for the admin API. */
public final class ContributionStats {

    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public void succeeded() {
        successes.incrementAndGet();
    }

    public void failed(Throwable error, Instant at) {
        failures.incrementAndGet();
        lastError = describe(error);
        lastErrorAt = at;
    }

    public long successes() {
        return successes.get();
    }

    public long failures() {
        return failures.get();
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** Puts failures, last_error and last_error_at into an admin view. */
    public void describeInto(Map<String, Object> view) {
        view.put("failures", failures.get());
        view.put("last_error", lastError);
        view.put("last_error_at", lastErrorAt);
    }

    public static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message);
    }

    public static Map<String, Object> view() {
        return new LinkedHashMap<>();
    }
}
