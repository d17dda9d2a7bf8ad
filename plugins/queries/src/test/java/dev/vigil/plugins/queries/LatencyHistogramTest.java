package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinOnePercentOfASortedReference() {
        Random random = new Random(42);
        double[] values = new double[20_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() * 2 + 1);
            histogram.add(values[i]);
        }
        Arrays.sort(values);
        for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(q * values.length) - 1];
            assertEquals(exact, histogram.quantile(q), exact * 0.01, "q=" + q);
        }
    }

    @Test
    void survivesItsBlobAndMergesByAddingCounts() {
        LatencyHistogram minuteOne = new LatencyHistogram();
        LatencyHistogram minuteTwo = new LatencyHistogram();
        LatencyHistogram whole = new LatencyHistogram();
        for (int i = 0; i < 1000; i++) {
            double value = i * 0.37;
            (i % 2 == 0 ? minuteOne : minuteTwo).add(value);
            whole.add(value);
        }
        LatencyHistogram merged = LatencyHistogram.fromBytes(minuteOne.toBytes());
        merged.merge(LatencyHistogram.fromBytes(minuteTwo.toBytes()));
        assertEquals(1000, merged.count());
        for (double q : new double[] {0.01, 0.5, 0.95, 1.0}) {
            assertEquals(whole.quantile(q), merged.quantile(q), 0.0, "q=" + q);
        }
        assertEquals(0.0, new LatencyHistogram().quantile(0.95));
        assertEquals(0, LatencyHistogram.fromBytes(new LatencyHistogram().toBytes()).count());
    }
}
