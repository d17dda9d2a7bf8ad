package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class QuantilesTest {

    @Test
    void explicitBucketsInterpolateWithinTheBucketOfTheRank() {
        double[] bounds = {10, 20, 50, 100};
        long[] counts = {10, 40, 40, 10, 0};
        assertEquals(20, Quantiles.explicit(bounds, counts, 0.5, Double.NaN, Double.NaN), 1e-9);
        assertEquals(15, Quantiles.explicit(bounds, counts, 0.3, Double.NaN, Double.NaN), 1e-9);
        assertEquals(75, Quantiles.explicit(bounds, counts, 0.95, Double.NaN, Double.NaN), 1e-9);
        assertEquals(5, Quantiles.explicit(bounds, counts, 0.05, Double.NaN, Double.NaN), 1e-9);
        assertEquals(8, Quantiles.explicit(bounds, counts, 0.05, 6, 97), 1e-9, "the first bucket starts at the minimum");
        assertEquals(97, Quantiles.explicit(bounds, counts, 1.0, 6, 97), 1e-9, "clamped to the observed maximum");
        assertTrue(Double.isNaN(Quantiles.explicit(bounds, new long[5], 0.5, Double.NaN, Double.NaN)));
    }

    @Test
    void valuesAboveTheLastBoundUseTheMaximum() {
        assertEquals(300, Quantiles.explicit(new double[] {100}, new long[] {0, 4}, 1.0, 150, 300), 1e-9);
    }

    @Test
    void exponentialBucketsEstimateAKnownDistributionWithinABucketsWidth() {
        int scale = 3; // base 2^(1/8): each bucket about 9 % wide
        double base = Math.pow(2, Math.pow(2, -scale));
        Random random = new Random(7);
        double[] values = new double[20_000];
        long[] positive = new long[400];
        int offset = -100;
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(random.nextGaussian() + 3); // log-normal around 20 ms
            int index = (int) Math.ceil(Math.log(values[i]) / Math.log(base)) - 1;
            positive[index - offset]++;
        }
        java.util.Arrays.sort(values);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double exact = values[(int) Math.ceil(q * values.length) - 1];
            double estimate = Quantiles.exponential(scale, 0, offset, positive, 0, new long[0], q, Double.NaN,
                                                    Double.NaN);
            assertEquals(exact, estimate, exact * (base - 1), "p" + (int) (q * 100));
        }
    }

    @Test
    void negativeAndZeroValuesComeFirst() {
        // two values in (-2, -1], three zeros, five in (1, 2] at scale 0
        double median = Quantiles.exponential(0, 3, 0, new long[] {5}, 0, new long[] {2}, 0.4, Double.NaN,
                                              Double.NaN);
        assertEquals(0, median, 1e-9);
        double lowest = Quantiles.exponential(0, 3, 0, new long[] {5}, 0, new long[] {2}, 0.1, Double.NaN,
                                              Double.NaN);
        assertTrue(lowest < -1 && lowest >= -2, String.valueOf(lowest));
    }
}
