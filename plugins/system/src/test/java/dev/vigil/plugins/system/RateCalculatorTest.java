package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RateCalculatorTest {

    private static final long SECOND = 1_000_000_000L;

    /** Ticks in OSHI's order: user, nice, system, idle, iowait, irq, softirq, steal. */
    private static Reading reading(long nanos, long[] ticks, long[][] cores, long rxBytes, long txBytes,
                                   long processCpuMs) {
        return new Reading(Instant.ofEpochSecond(nanos / SECOND), nanos, ticks, cores, new double[] {0.5, 0.4, 0.3},
                           8_000, 2_000, 0, 0, List.of(),
                           List.of(new Reading.NetCounters("eth0", rxBytes, txBytes, rxBytes / 100, txBytes / 100)),
                           new Reading.ProcessCounters(42, processCpuMs, 100, 12L, 30, 50, 200, 3, 40, List.of()));
    }

    @Test
    void theFirstSampleHasNoRatesButItsInstantValues() {
        Sample first = RateCalculator.sample(null, reading(10 * SECOND, new long[] {100, 0, 50, 800, 50, 0, 0, 0},
                                                           new long[][] {{1, 0, 0, 1, 0, 0, 0, 0}}, 1000, 500, 70));
        assertNull(first.cpu().percent());
        assertNull(first.cpu().cores().getFirst().percent());
        assertNull(first.network().getFirst().rxBytesPerS());
        assertNull(first.process().cpuPercent());
        assertEquals(75.0, first.memory().percent(), 1e-9, "6000 of 8000 bytes in use");
        assertEquals(0.5, first.cpu().load1m());
        assertTrue(first.points().stream().noneMatch(p -> p.metric() == Metric.CPU_PERCENT),
                   "an unknown rate is left out, not stored as zero");
    }

    @Test
    void ratesComeFromTheDifferenceBetweenTwoReadings() {
        Reading before = reading(10 * SECOND, new long[] {100, 0, 50, 800, 50, 0, 0, 0},
                                 new long[][] {{50, 0, 25, 400, 25, 0, 0, 0}, {50, 0, 25, 400, 25, 0, 0, 0}},
                                 1_000, 500, 1_000);
        // 2 s later: 300 busy ticks (user 200, system 60, irq 20, steal 20) and 100 idle (idle 80, iowait 20).
        Reading after = reading(12 * SECOND, new long[] {300, 0, 110, 880, 70, 20, 0, 20},
                                new long[][] {{150, 0, 25, 400, 25, 0, 0, 0}, {50, 0, 25, 500, 25, 0, 0, 0}},
                                5_000, 900, 1_400);
        Sample sample = RateCalculator.sample(before, after);
        assertEquals(75.0, sample.cpu().percent(), 1e-9);
        assertEquals(100.0, sample.cpu().cores().get(0).percent(), 1e-9);
        assertEquals(0.0, sample.cpu().cores().get(1).percent(), 1e-9);
        assertEquals(2_000.0, sample.network().getFirst().rxBytesPerS(), 1e-9);
        assertEquals(200.0, sample.network().getFirst().txBytesPerS(), 1e-9);
        assertEquals(20.0, sample.network().getFirst().rxPacketsPerS(), 1e-9);
        // 400 ms of CPU in 2 s on 2 cores = 10 % of the machine.
        assertEquals(10.0, sample.process().cpuPercent(), 1e-9);
        assertEquals(25.0, sample.process().heapPercent(), 1e-9);
    }

    @Test
    void aCounterThatWentBackwardsGivesNoRateInsteadOfANegativeOne() {
        Reading before = reading(10 * SECOND, new long[] {100, 0, 50, 800, 50, 0, 0, 0}, new long[0][], 9_000, 500,
                                 1_000);
        Reading reset = reading(12 * SECOND, new long[] {90, 0, 50, 800, 50, 0, 0, 0}, new long[0][], 100, 600,
                                1_100);
        Sample sample = RateCalculator.sample(before, reset);
        assertNull(sample.cpu().percent());
        assertNull(sample.network().getFirst().rxBytesPerS());
        assertEquals(50.0, sample.network().getFirst().txBytesPerS(), 1e-9);
    }

    @Test
    void noElapsedTimeOrNoTicksGivesNoRate() {
        long[] ticks = {100, 0, 50, 800, 50, 0, 0, 0};
        Reading first = reading(10 * SECOND, ticks, new long[0][], 1_000, 500, 1_000);
        assertNull(RateCalculator.sample(first, reading(10 * SECOND, ticks, new long[0][], 2_000, 500, 1_000))
                           .network().getFirst().rxBytesPerS());
        assertNull(RateCalculator.busyPercent(ticks, ticks.clone()));
        assertNull(RateCalculator.busyPercent(ticks, new long[] {1, 2}));
    }

    @Test
    void aNewInterfaceHasNoRateUntilItsSecondReading() {
        assertNull(RateCalculator.rate(null, 500, 1));
        assertEquals(250.0, RateCalculator.rate(0L, 500, 2), 1e-9);
    }

    @Test
    void noSwapIsZeroPercentNotADivisionByZero() {
        Sample sample = RateCalculator.sample(null, reading(SECOND, new long[8], new long[0][], 0, 0, 0));
        assertEquals(0.0, sample.swap().percent());
        assertEquals(0, sample.swap().totalBytes());
    }
}
