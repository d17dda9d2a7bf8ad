package dev.vigil.plugins.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.Signals;

/**
 * Whether a signal is improving, degrading or stable: the last {@code hours} (current window) against the
 * {@code hours} before (previous window), with a two-sided Mann-Whitney U test. The confidence is 1 - p. A
 * difference counts only when it is significant and the medians differ by at least {@code min-change-percent};
 * with fewer than {@code min-points} points in either window there is too little data to say.
 */
final class TrendAnalyzer {

    static final String IMPROVING = "improving";
    static final String DEGRADING = "degrading";
    static final String STABLE = "stable";
    static final String TOO_LITTLE_DATA = "too_little_data";

    /** Summary of one window. */
    record Window(Instant from, Instant to, int points, Double mean, Double median) {
    }

    /**
     * The trend of one series.
     *
     * @param direction     {@code increasing}, {@code decreasing} or {@code flat}: what the values do
     * @param changePercent change of the median from the previous window, null when the previous median is 0
     */
    record Trend(String signal, Map<String, String> labels, String trend, String direction, Double confidence,
                 Double pValue, String test, Double u, Double z, Double changePercent, Window previous,
                 Window current, String message) {
    }

    private final SignalHistory history;
    private final LiveConfig<AlertsConfig> config;
    private final Clock clock;

    TrendAnalyzer(SignalHistory history, LiveConfig<AlertsConfig> config, Clock clock) {
        this.history = history;
        this.config = config;
        this.clock = clock;
    }

    List<Trend> trends(String signal, Map<String, String> matchers, Duration span) {
        Instant now = clock.instant();
        Instant middle = now.minus(span);
        Instant start = middle.minus(span);
        List<Trend> trends = new ArrayList<>();
        Map<Map<String, String>, List<Signals.Point>> bySeries = history.points(signal, matchers, start, now);
        for (Map.Entry<Map<String, String>, List<Signals.Point>> series : bySeries.entrySet()) {
            List<Signals.Point> points = series.getValue();
            double[] previous = points.stream().filter(p -> p.time().isBefore(middle))
                    .mapToDouble(Signals.Point::value).toArray();
            double[] current = points.stream().filter(p -> !p.time().isBefore(middle))
                    .mapToDouble(Signals.Point::value).toArray();
            trends.add(judge(signal, series.getKey(), previous, current, start, middle, now));
        }
        if (trends.isEmpty()) {
            trends.add(judge(signal, matchers, new double[0], new double[0], start, middle, now));
        }
        return trends;
    }

    /** The verdict on two windows' values: pure, so it is tested on synthetic series. */
    Trend judge(String signal, Map<String, String> labels, double[] previous, double[] current, Instant start,
                Instant middle, Instant end) {
        AlertsConfig settings = config.get();
        AlertsConfig.Trends trends = settings.trends();
        Window before = window(start, middle, previous);
        Window after = window(middle, end, current);
        if (previous.length < trends.minPoints() || current.length < trends.minPoints()) {
            return new Trend(signal, labels, TOO_LITTLE_DATA, null, null, null, null, null, null, null, before, after,
                             "too little data: the previous window has " + previous.length + " points and the "
                                     + "current one " + current.length + "; at least " + trends.minPoints()
                                     + " each are needed");
        }
        Statistics.MannWhitney test = Statistics.mannWhitney(current, previous);
        Double change = before.median() == 0 ? null
                : (after.median() - before.median()) / Math.abs(before.median()) * 100;
        String direction = test.u1() > test.u2() ? "increasing" : test.u1() < test.u2() ? "decreasing" : "flat";
        boolean significant = test.p() < trends.significance()
                && (change == null || Math.abs(change) >= trends.minChangePercent());
        String verdict;
        if (!significant || direction.equals("flat")) {
            verdict = STABLE;
        } else {
            boolean rising = direction.equals("increasing");
            verdict = rising == settings.higherIsBetter(signal) ? IMPROVING : DEGRADING;
        }
        String message = Series.describe(signal, labels) + " is " + verdict + ": median "
                + Statistics.round(before.median()) + " -> " + Statistics.round(after.median())
                + (change == null ? "" : " (" + (change >= 0 ? "+" : "") + Statistics.round(change) + "%)")
                + ", p = " + String.format(java.util.Locale.ROOT, "%.4g", test.p());
        return new Trend(signal, labels, verdict, direction, Statistics.round(1 - test.p()), test.p(),
                         "mann-whitney-u", test.u1(), Statistics.round(test.z()),
                         change == null ? null : Statistics.round(change), before, after, message);
    }

    private static Window window(Instant from, Instant to, double[] values) {
        if (values.length == 0) {
            return new Window(from, to, 0, null, null);
        }
        return new Window(from, to, values.length, Statistics.round(Statistics.mean(values)),
                          Statistics.median(values));
    }
}
