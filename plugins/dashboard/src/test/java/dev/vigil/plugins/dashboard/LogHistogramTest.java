package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

    /** The nearest-rank percentile of sorted values: what a person computing p75 by hand gets. */
    private static double reference(double[] sorted, double p) {
        int rank = (int) Math.max(1, Math.ceil(p * sorted.length));
        return sorted[rank - 1];
    }

    @Test
    void percentilesStayWithinOnePercentOfTheSortedReference() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int n = 1 + random.nextInt(5000);
            double[] values = new double[n];
            LogHistogram histogram = new LogHistogram();
            for (int i = 0; i < n; i++) {
                // log-normal around 1.5 s, like LCP of a real site, with a long tail
                values[i] = Math.exp(7.3 + random.nextGaussian() * 0.8);
                histogram.add(values[i]);
            }
            Arrays.sort(values);
            for (double p : new double[] {0.5, 0.75, 0.9, 0.99}) {
                double expected = reference(values, p);
                double actual = histogram.percentile(p);
                assertTrue(Math.abs(actual - expected) / expected <= 0.01,
                           "p" + p + " of " + n + " values: " + actual + " vs " + expected);
            }
        }
    }

    @Test
    void smallScoresLikeCumulativeLayoutShiftKeepTheirPrecision() {
        LogHistogram histogram = new LogHistogram();
        double[] shifts = {0, 0, 0.02, 0.05, 0.08, 0.12, 0.3, 0.04};
        for (double shift : shifts) {
            histogram.add(shift);
        }
        Arrays.sort(shifts);
        double expected = reference(shifts, 0.75); // 0.08
        assertEquals(expected, histogram.percentile(0.75), expected * 0.01);
    }

    @Test
    void zeroesAreKeptAsZeroAndAnEmptyHistogramHasNoPercentile() {
        LogHistogram histogram = new LogHistogram();
        assertTrue(Double.isNaN(histogram.percentile(0.75)));
        histogram.add(0);
        histogram.add(0);
        assertEquals(0, histogram.percentile(0.75));
        assertEquals(2, histogram.total());
    }

    @Test
    void bucketCountsAddUpAsTheyDoInTheDatabase() {
        LogHistogram whole = new LogHistogram();
        LogHistogram merged = new LogHistogram();
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            double value = random.nextDouble() * 4000;
            whole.add(value);
            merged.add(LogHistogram.bucketOf(value), 1);
        }
        assertEquals(whole.percentile(0.75), merged.percentile(0.75));
    }

    @Test
    void aValueFallsInsideTheBoundsOfItsBucket() {
        for (double value : new double[] {0.0011, 0.5, 1, 99.9, 2500, 3_600_000}) {
            int bucket = LogHistogram.bucketOf(value);
            double upper = LogHistogram.MIN * Math.pow(LogHistogram.GAMMA, bucket);
            assertTrue(value <= upper * 1.0000001 && value > upper / LogHistogram.GAMMA / 1.0000001,
                       value + " in bucket " + bucket);
        }
    }
}
