package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint's time series over a window: buckets of a step chosen so that a chart gets at most
 * {@link #MAX_POINTS} points (one minute up to 6 hours, then 5, 15, 30 minutes, hours...). Buckets are aligned to
 * their step; empty ones are included with zero counts.
 */
final class Series {

    static final int MAX_POINTS = 360;
    private static final long[] STEP_MINUTES = {1, 5, 15, 30, 60, 180, 360, 720, 1440};

    /** One bucket. Throughput is over the part of the bucket inside the window and not in the future. */
    record Point(Instant time, long count, double throughputRps, Double avgMs, Double p50Ms, Double p95Ms,
                 Double p99Ms, Double maxMs, long clientErrors, long serverErrors) {
    }

    private Series() {
    }

    static long stepMillis(TimeWindow window) {
        long minutes = (window.to() - window.from()) / Periods.MINUTE;
        for (long step : STEP_MINUTES) {
            if ((minutes + step - 1) / step <= MAX_POINTS) {
                return step * Periods.MINUTE;
            }
        }
        return STEP_MINUTES[STEP_MINUTES.length - 1] * Periods.MINUTE;
    }

    /** Whether the series reads hour rows (steps of an hour or more) rather than minute rows. */
    static boolean usesHours(long step) {
        return step >= Periods.HOUR;
    }

    /** The first instant the series' rows cover: hour rows hold whole hours. */
    static long dataFrom(TimeWindow window, long step) {
        return usesHours(step) ? Periods.floor(window.from(), Periods.HOUR) : window.from();
    }

    static List<Point> build(TimeWindow window, long step, List<FigureStore.PeriodFigures> rows) {
        long dataFrom = dataFrom(window, step);
        long first = Periods.floor(dataFrom, step);
        int buckets = (int) ((window.to() - first + step - 1) / step);
        RequestStats[] stats = new RequestStats[buckets];
        for (int i = 0; i < buckets; i++) {
            stats[i] = new RequestStats();
        }
        for (FigureStore.PeriodFigures row : rows) {
            int index = (int) ((row.start() - first) / step);
            if (index >= 0 && index < buckets) {
                stats[index].merge(row.stats());
            }
        }
        List<Point> points = new ArrayList<>(buckets);
        for (int i = 0; i < buckets; i++) {
            long start = first + i * step;
            long covered = Math.min(start + step, Math.max(window.now(), start + 1)) - Math.max(start, dataFrom);
            RequestStats s = stats[i];
            points.add(new Point(Instant.ofEpochMilli(start), s.count(),
                                 Reports.round(s.count() / (Math.max(covered, 1000) / 1000.0)),
                                 Reports.round(s.avgMs()), Reports.round(s.percentileMs(0.50)),
                                 Reports.round(s.percentileMs(0.95)), Reports.round(s.percentileMs(0.99)),
                                 s.count() == 0 ? null : Reports.round(s.maxMs()), s.clientErrors(),
                                 s.serverErrors()));
        }
        return points;
    }
}
