package dev.vigil.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.MutableClock;

import org.junit.jupiter.api.Test;

class RefusalsTest {

    @Test
    void aLimitedTokenIsLoggedAtMostOnceAMinuteAndCountedEveryTime() {
        try (LogCapture log = LogCapture.of(Refusals.class.getName())) {
            MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
            Refusals refusals = new Refusals(clock);
            for (int i = 0; i < 50; i++) {
                refusals.refused("shop", IngestLimiter.RECORDS, "over");
                clock.advance(Duration.ofMillis(100));
            }
            assertEquals(1, log.lines().size(), log.lines().toString());
            clock.advance(Duration.ofMinutes(1));
            refusals.refused("shop", IngestLimiter.RECORDS, "over");
            refusals.refused("other", IngestLimiter.BYTES, "over");
            List<String> lines = log.lines();
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(1).contains("50 request(s) refused"), lines.get(1));
            assertEquals(51L, refusals.totals().get(IngestLimiter.RECORDS));
            assertEquals(1L, refusals.totals().get(IngestLimiter.BYTES));
        }
    }
}
