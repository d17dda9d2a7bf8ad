package dev.vigil.kernel.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate as a token bucket holding one second's allowance, refilled continuously. A charge passes when its whole
 * cost is in the bucket; a charge larger than the bucket passes only when the bucket is full and leaves a debt the
 * next charges wait for, so no single request is refused for ever and the rate holds over time.
 */
final class TokenBucket {

    private final double perSecond;
    private double available;
    private Instant refilledAt;

    TokenBucket(long perSecond, Instant now) {
        this.perSecond = perSecond;
        this.available = perSecond;
        this.refilledAt = now;
    }

    /**
     * Takes {@code cost} when the bucket holds it.
     *
     * @return 0 when taken, else the whole seconds until it would be (at least 1)
     */
    synchronized long take(long cost, Instant now) {
        refill(now);
        double needed = Math.min(cost, perSecond);
        if (available >= needed) {
            available -= cost;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - available) / perSecond));
    }

    private void refill(Instant now) {
        // A clock set back (or a test's fixed clock) adds nothing; it never takes away.
        long elapsedNanos = Math.max(0, Duration.between(refilledAt, now).toNanos());
        available = Math.min(perSecond, available + elapsedNanos / 1e9 * perSecond);
        if (now.isAfter(refilledAt)) {
            refilledAt = now;
        }
    }
}
