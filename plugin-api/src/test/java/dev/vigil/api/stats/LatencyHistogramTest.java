package dev.vigil.api.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

    /** The value at rank floor(q * (n - 1)) of the sorted values: the definition the histogram answers. */
    private static double reference(double[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static void assertWithinOnePercent(double[] values, LatencyHistogram histogram, String shape) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double expected = reference(sorted, q);
            double actual = histogram.quantile(q);
            double error = expected == 0 ? actual : Math.abs(actual - expected) / expected;
            assertTrue(error <= LatencyHistogram.RELATIVE_ACCURACY + 1e-9,
                       shape + ": q" + q + " expected " + expected + " got " + actual + " (error " + error + ")");
        }
    }

    private static double[] generate(int n, DoubleSupplier source) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = source.getAsDouble();
        }
        return values;
    }

    private static LatencyHistogram of(double[] values) {
        LatencyHistogram histogram = new LatencyHistogram();
        for (double v : values) {
            histogram.add(v);
        }
        return histogram;
    }

    @Test
    void quantilesStayWithinOnePercentOfASortedReferenceForManyShapes() {
        Random random = new Random(42);
        double[][] shapes = {
                generate(200_000, () -> Math.exp(3 + 1.2 * random.nextGaussian())),          // log-normal latencies
                generate(200_000, () -> random.nextDouble() * 5000),                         // uniform, 0..5 s
                generate(200_000, () -> random.nextBoolean() ? 2 + random.nextDouble()
                        : 2000 + 500 * random.nextDouble()),                                  // bimodal: cache hit / miss
                generate(50_000, () -> 0.05 + random.nextExponential() * 0.2),               // sub-millisecond
                generate(1, () -> 123.456),                                                   // a single request
                generate(7, () -> 10 + random.nextInt(5)),                                    // a handful
        };
        String[] names = {"log-normal", "uniform", "bimodal", "sub-millisecond", "single", "handful"};
        for (int i = 0; i < shapes.length; i++) {
            assertWithinOnePercent(shapes[i], of(shapes[i]), names[i]);
        }
    }

    @Test
    void keepsItsAccuracyOverAMillionValues() {
        Random random = new Random(7);
        double[] values = generate(1_000_000, () -> Math.exp(2 + 2 * random.nextGaussian()));
        LatencyHistogram histogram = of(values);
        assertEquals(1_000_000, histogram.count());
        assertWithinOnePercent(values, histogram, "a million log-normal values");
    }

    @Test
    void mergedHistogramsAnswerLikeOneBuiltFromAllTheValues() {
        Random random = new Random(3);
        double[] all = generate(120_000, () -> Math.exp(4 + random.nextGaussian()));
        LatencyHistogram merged = new LatencyHistogram();
        LatencyHistogram mergedFromBlobs = new LatencyHistogram();
        // Sixty "minutes" of 2,000 values each, as per-minute rows merged into a window.
        for (int minute = 0; minute < 60; minute++) {
            LatencyHistogram row = of(Arrays.copyOfRange(all, minute * 2000, (minute + 1) * 2000));
            merged.merge(row);
            mergedFromBlobs.mergeEncoded(row.encode());
        }
        LatencyHistogram whole = of(all);
        assertEquals(whole.count(), merged.count());
        assertEquals(whole.count(), mergedFromBlobs.count());
        for (double q : QUANTILES) {
            assertEquals(whole.quantile(q), merged.quantile(q), 0, "q" + q);
            assertEquals(whole.quantile(q), mergedFromBlobs.quantile(q), 0, "q" + q);
        }
        assertWithinOnePercent(all, merged, "merged");
    }

    @Test
    void encodingRoundTripsExactlyAndIsCompact() {
        Random random = new Random(11);
        double[] values = generate(50_000, () -> Math.exp(3 + random.nextGaussian()));
        LatencyHistogram histogram = of(values);
        histogram.add(0);
        histogram.add(0.0000001);
        byte[] encoded = histogram.encode();
        LatencyHistogram decoded = LatencyHistogram.decode(encoded);
        assertEquals(histogram.count(), decoded.count());
        for (double q : QUANTILES) {
            assertEquals(histogram.quantile(q), decoded.quantile(q), 0);
        }
        assertArrayEquals(encoded, decoded.encode());
        assertTrue(encoded.length < 2000, "a minute of one endpoint should take well under 2 kB: " + encoded.length);
        assertEquals(0, LatencyHistogram.decode(new LatencyHistogram().encode()).count());
    }

    @Test
    void zeroAndTinyDurationsAreCountedAsZero() {
        LatencyHistogram histogram = of(new double[] {0, 0, 0.0000005, 10});
        assertEquals(4, histogram.count());
        assertEquals(0, histogram.quantile(0.5));
        assertEquals(10, histogram.quantile(1), 10 * LatencyHistogram.RELATIVE_ACCURACY);
    }

    @Test
    void answersTheValueAtARankCountedFromTheSmallest() {
        LatencyHistogram histogram = of(new double[] {0, 10, 10, 400});
        assertEquals(0, histogram.valueAtRank(0));
        assertEquals(10, histogram.valueAtRank(2), 10 * LatencyHistogram.RELATIVE_ACCURACY);
        assertEquals(400, histogram.valueAtRank(3), 400 * LatencyHistogram.RELATIVE_ACCURACY);
        assertEquals(400, histogram.valueAtRank(99), 400 * LatencyHistogram.RELATIVE_ACCURACY, "clamped");
        assertTrue(Double.isNaN(new LatencyHistogram().valueAtRank(0)));
    }

    @Test
    void countsValuesAtOrAboveAThreshold() {
        double[] values = {5, 50, 500, 999, 1001, 1500, 2500, 40_000};
        LatencyHistogram histogram = of(values);
        assertEquals(3, histogram.countAtLeast(1100));
        assertEquals(8, histogram.countAtLeast(0));
        assertEquals(1, histogram.countAtLeast(10_000));
    }

    @Test
    void refusesNegativeOrNonFiniteDurationsAndCorruptBlobs() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> histogram.add(-1));
        assertThrows(IllegalArgumentException.class, () -> histogram.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> histogram.add(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.decode(new byte[] {9}));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.decode(new byte[] {1, 0, 3, 2}));
        assertTrue(Double.isNaN(histogram.quantile(0.5)));
    }
}
