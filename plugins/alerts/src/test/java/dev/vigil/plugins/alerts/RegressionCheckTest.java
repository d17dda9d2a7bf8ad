package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.EventBus;
import dev.vigil.api.SignalCatalog;
import dev.vigil.kernel.runtime.SignalStore;

import org.junit.jupiter.api.Test;

/** Regression observations against baselines, over the kernel's real signal store, with the shipped settings. */
class RegressionCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Map<String, String> OVERALL = Map.of();

    private static Baseline baseline(String signal, double mean) {
        return new Baseline(signal, OVERALL, mean, 0, mean, mean, mean, 60, NOW.minus(Duration.ofHours(2)),
                            NOW.minus(Duration.ofHours(1)), NOW.minus(Duration.ofHours(1)), "test");
    }

    /** A fresh signal store, as the kernel keeps it. */
    private static SignalStore signals() {
        return new SignalStore(1000, 10_000, new EventBus() {
            @Override
            public void publish(Object event) {
            }

            @Override
            public boolean hasSubscribers(Class<?> eventType) {
                return false;
            }
        });
    }

    /** The one observation of a baseline whose series' recent points all have {@code value}. */
    private static Observation observe(Baseline baseline, double value) {
        SignalStore signals = signals();
        for (int i = 0; i < 5; i++) {
            signals.publish(baseline.signal(), baseline.labels(), value, NOW.minus(Duration.ofMinutes(i)));
        }
        List<Observation> found = new RegressionCheck(signals).observe(List.of(baseline), AlertsConfig.DEFAULTS,
                                                                       NOW);
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    @Test
    void anErrorRateBaselineOfZeroIsMeasuredAgainstItsFloor() {
        Baseline clean = baseline(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, 0);
        // The shipped floor is 10 (percent): warning beyond 1.5 points above the baseline, critical beyond 5.
        assertEquals(Level.NORMAL, observe(clean, 0).level());
        assertEquals(Level.NORMAL, observe(clean, 1).level());
        Observation warning = observe(clean, 2);
        assertEquals(Level.WARNING, warning.level());
        assertEquals(1.5, warning.warning(), 1e-9);
        assertEquals(5.0, warning.critical(), 1e-9);
        assertEquals("requests.error_rate_percent mean over 5m is 2, 2 worse than its baseline "
                             + "(20% of min-baseline-mean 10)", warning.subject());
        assertEquals(Level.CRITICAL, observe(clean, 6).level());
    }

    @Test
    void aSmallErrorRateBaselineIsNotATripwire() {
        // 0.1 % of requests failing, then 0.2 %: double, but 0.1 points is not a regression.
        Baseline low = baseline(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, 0.1);
        assertEquals(Level.NORMAL, observe(low, 0.2).level());
        assertEquals(Level.WARNING, observe(low, 2).level());
    }

    @Test
    void aBaselineAboveTheFloorIsMeasuredAsAPercentageOfItself() {
        Baseline busy = baseline(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, 20);
        Observation observed = observe(busy, 25);
        assertEquals(Level.WARNING, observed.level());
        assertEquals("requests.error_rate_percent mean over 5m is 25, 25% worse than its baseline",
                     observed.subject());
    }

    @Test
    void throughputIsHigherIsBetterSoADropIsTheRegression() {
        Baseline traffic = baseline(SignalCatalog.REQUESTS_THROUGHPUT_RPS, 20);
        Observation drop = observe(traffic, 15);
        assertEquals(Comparison.LESS, drop.comparison());
        assertEquals(Level.WARNING, drop.level());
        assertEquals(17.0, drop.warning(), 1e-9);
        assertEquals(10.0, drop.critical(), 1e-9);
        assertEquals(Level.CRITICAL, observe(traffic, 9).level());
        Observation rise = observe(traffic, 40);
        assertEquals(Level.NORMAL, rise.level());
        assertTrue(rise.subject().endsWith("100% better than its baseline"), rise.subject());
    }

    @Test
    void aBaselineOfZeroWithoutAFloorIsNotChecked() {
        SignalStore signals = signals();
        signals.publish(SignalCatalog.REQUESTS_P95_MS, OVERALL, 500, NOW);
        Baseline zero = baseline(SignalCatalog.REQUESTS_P95_MS, 0);
        assertEquals(List.of(), new RegressionCheck(signals).observe(List.of(zero), AlertsConfig.DEFAULTS, NOW));
    }
}
