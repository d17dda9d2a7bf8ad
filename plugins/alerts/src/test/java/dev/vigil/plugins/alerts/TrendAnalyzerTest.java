package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import dev.vigil.api.SignalCatalog;

import org.junit.jupiter.api.Test;

/** Verdicts on synthetic series: noisy, so that the test has something to decide. */
class TrendAnalyzerTest {

    private final TrendAnalyzer analyzer = new TrendAnalyzer(null, new FixedConfig<>(AlertsConfig.DEFAULTS),
                                                             Clock.systemUTC());
    private final Random random = new Random(42);
    private final Instant end = Instant.parse("2026-03-01T12:00:00Z");

    private double[] noisy(int n, double level, double noise) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = level + random.nextGaussian() * noise;
        }
        return values;
    }

    private TrendAnalyzer.Trend judge(String signal, double[] previous, double[] current) {
        return analyzer.judge(signal, Map.of(), previous, current, end.minusSeconds(7200), end.minusSeconds(3600),
                              end);
    }

    @Test
    void risingLatencyIsDegrading() {
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_P95_MS, noisy(60, 200, 20), noisy(60, 260, 20));
        assertEquals(TrendAnalyzer.DEGRADING, trend.trend());
        assertEquals("increasing", trend.direction());
        assertTrue(trend.confidence() > 0.99, trend.toString());
        assertTrue(trend.changePercent() > 20, trend.toString());
    }

    @Test
    void fallingLatencyIsImproving() {
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_P95_MS, noisy(60, 300, 30), noisy(60, 220, 30));
        assertEquals(TrendAnalyzer.IMPROVING, trend.trend());
        assertEquals("decreasing", trend.direction());
    }

    @Test
    void risingThroughputIsImprovingBecauseHigherIsBetter() {
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_THROUGHPUT_RPS, noisy(30, 50, 5), noisy(30, 80, 5));
        assertEquals(TrendAnalyzer.IMPROVING, trend.trend());
    }

    @Test
    void theSameDistributionIsStable() {
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_P95_MS, noisy(60, 200, 20), noisy(60, 200, 20));
        assertEquals(TrendAnalyzer.STABLE, trend.trend());
        assertTrue(trend.pValue() > 0.05, trend.toString());
    }

    @Test
    void aSignificantButTinyChangeIsStable() {
        // 1000 points each, medians 2% apart: significant, yet below min-change-percent (5%).
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_P95_MS, noisy(1000, 100, 1), noisy(1000, 102, 1));
        assertTrue(trend.pValue() < 0.001, trend.toString());
        assertEquals(TrendAnalyzer.STABLE, trend.trend());
    }

    @Test
    void fewerThanTenPointsIsTooLittleData() {
        TrendAnalyzer.Trend trend = judge(SignalCatalog.REQUESTS_P95_MS, noisy(9, 100, 1), noisy(50, 500, 1));
        assertEquals(TrendAnalyzer.TOO_LITTLE_DATA, trend.trend());
        assertNull(trend.confidence());
        assertTrue(trend.message().startsWith("too little data"), trend.message());
    }
}
