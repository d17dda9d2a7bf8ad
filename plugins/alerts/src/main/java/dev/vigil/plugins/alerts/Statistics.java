package dev.vigil.plugins.alerts;

import java.util.Arrays;

/** Descriptive statistics and the Mann-Whitney U test. Pure functions, tested against SciPy's results. */
final class Statistics {

    private Statistics() {
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double stddev(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }

    /** The {@code p}-th percentile with linear interpolation between ranks (NumPy's default). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    /** A value rounded for people: 3 decimals at most. */
    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    /** A value as messages show it: 3 decimals at most, no trailing zeros, no exponent ({@code 2000}, {@code 0.5}). */
    static String text(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return java.math.BigDecimal.valueOf(round(value)).stripTrailingZeros().toPlainString();
    }

    /**
     * The result of a two-sided Mann-Whitney U test.
     *
     * @param u1 the U statistic of the first sample (how often its values exceed the second's, ties counting half)
     * @param z  the normal approximation's z score, with tie and continuity correction
     * @param p  the two-sided p-value
     */
    record MannWhitney(double u1, double u2, double z, double p) {
    }

    /**
     * Two-sided Mann-Whitney U test, normal approximation with tie correction and continuity correction (as
     * SciPy's {@code mannwhitneyu(x, y, method="asymptotic")}). Suited to latency samples, which are rarely normal.
     */
    static MannWhitney mannWhitney(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        int n = n1 + n2;
        double[] all = new double[n];
        int[] from = new int[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            all[i] = i < n1 ? x[i] : y[i - n1];
            from[i] = i < n1 ? 0 : 1;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double rankSumX = 0;
        double tieTerm = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            int ties = j - i + 1;
            tieTerm += (double) ties * ties * ties - ties;
            for (int k = i; k <= j; k++) {
                if (from[order[k]] == 0) {
                    rankSumX += averageRank;
                }
            }
            i = j + 1;
        }
        double u1 = rankSumX - n1 * (n1 + 1) / 2.0;
        double u2 = (double) n1 * n2 - u1;
        double mu = n1 * (double) n2 / 2.0;
        double sigma = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1))));
        if (sigma == 0) {
            return new MannWhitney(u1, u2, 0, 1);
        }
        double u = Math.max(u1, u2);
        double z = (u - mu - 0.5) / sigma;
        double p = Math.min(1.0, 2 * normalSurvival(z));
        return new MannWhitney(u1, u2, z, p);
    }

    /** P(Z > z) for a standard normal Z. */
    static double normalSurvival(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /**
     * The complementary error function: a positive series below 1 and a continued fraction (modified Lentz) above,
     * so that the tail is computed directly and small p-values keep their relative precision.
     */
    static double erfc(double x) {
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 1) {
            // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum x^(2n+1) 2^n / (1*3*...*(2n+1))
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= 2 * x * x / (2 * n + 1);
                sum += term;
                if (term < sum * 1e-17) {
                    break;
                }
            }
            return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
        }
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
