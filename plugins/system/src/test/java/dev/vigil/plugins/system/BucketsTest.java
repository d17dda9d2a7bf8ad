package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void widthsAreRoundStepsThatKeepEverySeriesWithinTheLimit() {
        assertEquals(10_000, Buckets.widthMillis(Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(5).toMillis(), Buckets.widthMillis(Duration.ofHours(24)));
        assertEquals(Duration.ofMinutes(30).toMillis(), Buckets.widthMillis(Duration.ofDays(7)));
        for (int hours = 1; hours <= SystemRoutes.MAX_HOURS; hours = hours * 2 + 1) {
            Duration range = Duration.ofHours(hours);
            long width = Buckets.widthMillis(range);
            // Aligned buckets touched by [from, to]: at most range / width + 2 (a partial one at each end).
            long buckets = range.toMillis() / width + 2;
            assertTrue(buckets <= Buckets.MAX_POINTS, hours + " h: " + buckets + " buckets of " + width + " ms");
            assertTrue(width < SampleStore.ROLLUP_MS || width % SampleStore.ROLLUP_MS == 0,
                       "a width of five minutes or more is made of whole rollups: " + width);
        }
    }
}
