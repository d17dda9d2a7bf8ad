package dev.vigil.plugins.optimizer;

import java.util.Arrays;

/** The few statistics the optimizer needs, on plain arrays. NaN entries are ignored where stated. */
final class Stats {

    private Stats() {
    }

    /** Pearson correlation of paired values; 0 when either side does not vary. */
    static double pearson(double[] x, double[] y) {
        Line line = line(x, y);
        return line.correlation();
    }

    /**
     * Least-squares line {@code y = intercept + slope * x} over pairs where both are known, with its correlation.
     */
    static Line line(double[] x, double[] y) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
                sx += x[i];
                sy += y[i];
            }
        }
        if (n < 2) {
            return new Line(n, 0, n == 0 ? 0 : sy / n, 0);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                double dx = x[i] - mx;
                double dy = y[i] - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double correlation = sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
        return new Line(n, slope, my - slope * mx, correlation);
    }

    /** A fitted line. */
    record Line(int n, double slope, double intercept, double correlation) {
    }

    /** The {@code q} quantile (0..1) of the known values, or NaN when none is known. */
    static double quantile(double[] values, double q) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        double position = q * (known.length - 1);
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        return known[below] + (known[above] - known[below]) * (position - below);
    }

    static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** Median absolute deviation from the median, of the known values. */
    static double mad(double[] values, double median) {
        double[] deviations = Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(v -> Math.abs(v - median))
                .toArray();
        return deviations.length == 0 ? Double.NaN : median(deviations);
    }

    static double mean(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
