package dev.vigil.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void holdsOneSecondsAllowanceAndRefillsContinuously() {
        TokenBucket bucket = new TokenBucket(10, T0);
        assertEquals(0, bucket.take(10, T0));
        assertEquals(1, bucket.take(1, T0), "empty: retry after a second");
        assertEquals(0, bucket.take(5, T0.plusMillis(500)), "half a second refills half");
        assertEquals(1, bucket.take(1, T0.plusMillis(500)));
        assertEquals(0, bucket.take(10, T0.plusSeconds(60)), "never more than one second's worth");
        assertEquals(1, bucket.take(1, T0.plusSeconds(60)));
    }

    @Test
    void aChargeLargerThanTheBucketPassesWhenFullAndTheNextWaitsForTheDebt() {
        TokenBucket bucket = new TokenBucket(10, T0);
        assertEquals(0, bucket.take(35, T0));
        assertEquals(4, bucket.take(10, T0), "25 owed and 10 wanted at 10 per second");
        assertEquals(1, bucket.take(10, T0.plusSeconds(3)), "still 5 short");
        assertEquals(0, bucket.take(10, T0.plusSeconds(4)));
    }

    @Test
    void aClockSetBackAddsNothing() {
        TokenBucket bucket = new TokenBucket(10, T0);
        assertEquals(0, bucket.take(10, T0));
        assertEquals(1, bucket.take(1, T0.minusSeconds(30)));
        assertEquals(1, bucket.take(1, T0.plusMillis(50)), "half a record refilled is not a record");
    }
}
