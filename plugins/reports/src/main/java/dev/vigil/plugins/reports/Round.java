package dev.vigil.plugins.reports;

/**
 * How the report rounds: durations to 10 µs and percentages to 0.01 (two decimals), rates to four decimals (a rate
 * over a long window can be well under 0.01 per second). Percentiles are within 1% anyway.
 */
final class Round {

    private Round() {
    }

    static double ms(double value) {
        return places(value, 100);
    }

    static Double ms(Double value) {
        return value == null ? null : ms(value.doubleValue());
    }

    static double percent(double value) {
        return places(value, 100);
    }

    static double rate(double value) {
        return places(value, 10_000);
    }

    private static double places(double value, double scale) {
        return Double.isFinite(value) ? Math.round(value * scale) / scale : value;
    }
}
