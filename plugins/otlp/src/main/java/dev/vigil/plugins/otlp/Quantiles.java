package dev.vigil.plugins.otlp;

/**
 * Percentiles of OTLP histograms (pure logic), interpolated linearly within the bucket the rank falls in, as
 * Prometheus' {@code histogram_quantile} does; clamped to the observed min and max when they are known.
 */
final class Quantiles {

    private Quantiles() {
    }

    /**
     * @param bounds explicit upper bounds; bucket i holds values in (bounds[i-1], bounds[i]], the last one above all
     * @param counts one count more than bounds
     * @param min    the smallest value, NaN when unknown
     * @param max    the largest value, NaN when unknown
     * @return NaN when the histogram is empty
     */
    static double explicit(double[] bounds, long[] counts, double q, double min, double max) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long before = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (before + counts[i] >= rank || i == counts.length - 1) {
                double lower = i == 0 ? lowestBound(bounds, min) : bounds[i - 1];
                double upper = i >= bounds.length ? (Double.isNaN(max) ? bounds[bounds.length - 1] : max) : bounds[i];
                if (i == 0 && bounds.length == 0) {
                    upper = Double.isNaN(max) ? lower : max;
                }
                double value = lower + (upper - lower) * Math.max(0, rank - before) / counts[i];
                return clamp(value, min, max);
            }
            before += counts[i];
        }
        return Double.NaN;
    }

    private static double lowestBound(double[] bounds, double min) {
        if (!Double.isNaN(min)) {
            return min;
        }
        return bounds.length == 0 || bounds[0] > 0 ? 0 : bounds[0];
    }

    /**
     * An exponential histogram: bucket {@code offset + k} of the positive range holds values in
     * (base^index, base^(index+1)] with base = 2^(2^-scale); the negative range mirrors it.
     */
    static double exponential(int scale, long zeroCount, int positiveOffset, long[] positive, int negativeOffset,
                              long[] negative, double q, double min, double max) {
        long total = zeroCount;
        for (long count : positive) {
            total += count;
        }
        for (long count : negative) {
            total += count;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long before = 0;
        // Most negative first: the negative range's highest index holds the values furthest below zero.
        for (int k = negative.length - 1; k >= 0; k--) {
            if (negative[k] > 0 && before + negative[k] >= rank) {
                double lower = -bound(scale, negativeOffset + k + 1);
                double upper = -bound(scale, negativeOffset + k);
                return clamp(lower + (upper - lower) * Math.max(0, rank - before) / negative[k], min, max);
            }
            before += negative[k];
        }
        if (zeroCount > 0 && before + zeroCount >= rank) {
            return clamp(0, min, max);
        }
        before += zeroCount;
        for (int k = 0; k < positive.length; k++) {
            if (positive[k] > 0 && (before + positive[k] >= rank || k == positive.length - 1)) {
                double lower = bound(scale, positiveOffset + k);
                double upper = bound(scale, positiveOffset + k + 1);
                return clamp(lower + (upper - lower) * Math.max(0, rank - before) / positive[k], min, max);
            }
            before += positive[k];
        }
        return Double.NaN;
    }

    /** base^index, base = 2^(2^-scale). */
    private static double bound(int scale, int index) {
        return Math.pow(2, index * Math.pow(2, -scale));
    }

    private static double clamp(double value, double min, double max) {
        if (!Double.isNaN(min) && value < min) {
            return min;
        }
        if (!Double.isNaN(max) && value > max) {
            return max;
        }
        return value;
    }
}
