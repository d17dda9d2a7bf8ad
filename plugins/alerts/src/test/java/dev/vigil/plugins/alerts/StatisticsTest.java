package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.Signals.Point;

import org.junit.jupiter.api.Test;

/** Expected values come from SciPy 1.17 ({@code scipy.stats.mannwhitneyu(x, y, method="asymptotic")}) and NumPy. */
class StatisticsTest {

    @Test
    void mannWhitneyMatchesScipyOnSciPysOwnExample() {
        // scipy docs: ages of male and female students; U1 = 17, p = 0.11134688653314041
        Statistics.MannWhitney result = Statistics.mannWhitney(new double[] {19, 22, 16, 29, 24},
                                                               new double[] {20, 11, 17, 12});
        assertEquals(17.0, result.u1(), 1e-12);
        assertEquals(3.0, result.u2(), 1e-12);
        assertEquals(0.11134688653314041, result.p(), 1e-12);
    }

    @Test
    void mannWhitneyCorrectsForTies() {
        double[] a = {1.1, 2.3, 2.3, 3.5, 4.0, 4.0, 4.0, 5.2, 6.1, 7.7, 8.0, 9.9};
        double[] b = {3.0, 4.0, 5.5, 6.0, 7.2, 8.8, 9.1, 10.4, 11.0, 12.5, 13.3, 14.0};
        Statistics.MannWhitney ab = Statistics.mannWhitney(a, b);
        assertEquals(28.5, ab.u1(), 1e-12);
        assertEquals(0.012826007625030092, ab.p(), 1e-12);
        Statistics.MannWhitney ba = Statistics.mannWhitney(b, a);
        assertEquals(115.5, ba.u1(), 1e-12);
        assertEquals(ab.p(), ba.p(), 1e-15, "two-sided: the order of the samples does not change p");

        Statistics.MannWhitney manyTies = Statistics.mannWhitney(new double[] {5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 7},
                                                                 new double[] {5, 6, 6, 6, 7, 7, 8, 8, 8, 8, 9, 9});
        assertEquals(30.0, manyTies.u1(), 1e-12);
        assertEquals(0.01393981510369599, manyTies.p(), 1e-12);
    }

    @Test
    void identicalConstantSamplesGiveNoEvidence() {
        Statistics.MannWhitney same = Statistics.mannWhitney(new double[] {3, 3, 3}, new double[] {3, 3, 3, 3});
        assertEquals(1.0, same.p());
    }

    @Test
    void normalTailMatchesScipy() {
        assertEquals(0.024997895148220435, Statistics.normalSurvival(1.96), 1e-14);
        assertEquals(0.3085375387259869, Statistics.normalSurvival(0.5), 1e-14);
        assertEquals(0.00023262907903552502, Statistics.normalSurvival(3.5), 1e-16);
        assertEquals(9.865876450376946e-10, Statistics.normalSurvival(6.0), 1e-20);
        assertEquals(0.15865525393145707, 1 - Statistics.normalSurvival(-1.0), 1e-14);
        assertEquals(0.5, Statistics.normalSurvival(0), 1e-15);
    }

    @Test
    void descriptiveStatisticsMatchNumpy() {
        assertEquals(9.55, Statistics.percentile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 95), 1e-12);
        assertEquals(2.138089935299395, Statistics.stddev(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), 1e-12);
        assertEquals(5.0, Statistics.mean(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), 1e-12);
        assertEquals(4.5, Statistics.median(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), 1e-12);
        assertEquals(0, Statistics.stddev(new double[] {42}));
    }

    @Test
    void aggregationsReduceAWindow() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Point> points = List.of(new Point(t, 10), new Point(t.plusSeconds(1), 30), new Point(t.plusSeconds(2), 20));
        assertEquals(20, Aggregation.LAST.apply(points).getAsDouble());
        assertEquals(20, Aggregation.AVG.apply(points).getAsDouble());
        assertEquals(10, Aggregation.MIN.apply(points).getAsDouble());
        assertEquals(30, Aggregation.MAX.apply(points).getAsDouble());
        assertEquals(29, Aggregation.P95.apply(points).getAsDouble(), 1e-12);
        assertTrue(Aggregation.AVG.apply(List.of()).isEmpty());
    }
}
