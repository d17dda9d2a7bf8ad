package dev.vigil.kernel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.vigil.kernel.testkit.MutableClock;

import org.junit.jupiter.api.Test;

class RefusalsTest {

    @Test
    void aLimitedTokenIsLoggedAtMostOnceAMinuteAndCountedEveryTime() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(Refusals.class.getName());
        logger.addHandler(capture);
        try {
            MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
            Refusals refusals = new Refusals(clock);
            for (int i = 0; i < 50; i++) {
                refusals.refused("shop", IngestLimiter.RECORDS, "over");
                clock.advance(Duration.ofMillis(100));
            }
            assertEquals(1, lines.size(), lines.toString());
            clock.advance(Duration.ofMinutes(1));
            refusals.refused("shop", IngestLimiter.RECORDS, "over");
            refusals.refused("other", IngestLimiter.BYTES, "over");
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(1).contains("50 request(s) refused"), lines.get(1));
            assertEquals(51L, refusals.totals().get(IngestLimiter.RECORDS));
            assertEquals(1L, refusals.totals().get(IngestLimiter.BYTES));
        } finally {
            logger.removeHandler(capture);
        }
    }
}
