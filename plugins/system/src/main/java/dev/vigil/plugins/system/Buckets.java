package dev.vigil.plugins.system;

import java.time.Duration;

/**
 * The width of the time buckets a history is downsampled into, so that a series never has more than
 * {@link #MAX_POINTS} points whatever the range. Widths are round steps (10 s, 1 min, 5 min, 1 h...) and buckets
 * are aligned to multiples of the width since the epoch, so a chart refreshed a minute later shows the same
 * buckets.
 */
final class Buckets {

    static final int MAX_POINTS = 500;

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long[] STEPS = {
            SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
            MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
            HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY};

    private Buckets() {
    }

    /** The smallest round width that cuts {@code range} into at most {@link #MAX_POINTS} aligned buckets. */
    static long widthMillis(Duration range) {
        // A range of r touches at most r / w + 2 aligned buckets of width w (a partial one at each end).
        long needed = Math.max(1, -Math.floorDiv(-range.toMillis(), MAX_POINTS - 2));
        for (long step : STEPS) {
            if (step >= needed) {
                return step;
            }
        }
        return -Math.floorDiv(-needed, DAY) * DAY;
    }
}
