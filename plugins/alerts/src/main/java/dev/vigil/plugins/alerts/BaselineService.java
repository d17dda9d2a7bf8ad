package dev.vigil.plugins.alerts;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.Signals;
import dev.vigil.api.http.ApiException;

/**
 * Establishes baselines: for each requested signal, each series whose points cover the whole window gets its mean,
 * standard deviation and 95th percentile stored. A series that covers only part of the window is skipped (and
 * said so); when no series covers it, nothing is stored and the caller gets a 409 saying how much data there is.
 */
final class BaselineService {

    /** The outcome: what was stored and what was skipped, and why. */
    record Result(int durationMinutes, Instant windowStart, Instant windowEnd, List<Baseline> established,
                  List<Map<String, Object>> skipped) {
    }

    private final SignalHistory history;
    private final BaselineStore store;
    private final LiveConfig<AlertsConfig> config;
    private final Clock clock;

    BaselineService(SignalHistory history, BaselineStore store, LiveConfig<AlertsConfig> config, Clock clock) {
        this.history = history;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    Result establish(int durationMinutes, List<String> requestedSignals, String actor) throws SQLException {
        AlertsConfig.BaselineSettings settings = config.get().baseline();
        List<String> signals = requestedSignals == null || requestedSignals.isEmpty() ? settings.signals()
                : requestedSignals;
        Instant now = clock.instant();
        Duration duration = Duration.ofMinutes(durationMinutes);
        Instant start = now.minus(duration);
        // A series counts as covering the window when its first point is this close to the window's start.
        Duration slack = Duration.ofMillis(Math.max(60_000, duration.toMillis() / 10));
        List<Baseline> established = new ArrayList<>();
        List<Map<String, Object>> skipped = new ArrayList<>();
        Duration longestCovered = Duration.ZERO;
        for (String signal : signals) {
            Map<Map<String, String>, List<Signals.Point>> bySeries = history.points(signal, Map.of(), start, now);
            if (bySeries.isEmpty()) {
                skipped.add(skip(signal, Map.of(), 0, Duration.ZERO, "no data"));
            }
            for (Map.Entry<Map<String, String>, List<Signals.Point>> series : bySeries.entrySet()) {
                List<Signals.Point> points = series.getValue();
                if (points.isEmpty()) {
                    skipped.add(skip(signal, series.getKey(), 0, Duration.ZERO, "no data in the window"));
                    continue;
                }
                Duration covered = Duration.between(points.get(0).time(), now);
                longestCovered = covered.compareTo(longestCovered) > 0 ? covered : longestCovered;
                if (points.get(0).time().isAfter(start.plus(slack))) {
                    skipped.add(skip(signal, series.getKey(), points.size(), covered,
                                     "its data covers only " + covered.toMinutes() + " of " + durationMinutes
                                             + " minutes"));
                    continue;
                }
                if (points.size() < settings.minPoints()) {
                    skipped.add(skip(signal, series.getKey(), points.size(), covered, "only " + points.size()
                            + " points; at least " + settings.minPoints() + " are needed"));
                    continue;
                }
                double[] values = points.stream().mapToDouble(Signals.Point::value).toArray();
                established.add(new Baseline(signal, series.getKey(), Statistics.mean(values),
                                             Statistics.stddev(values), Statistics.percentile(values, 95),
                                             java.util.Arrays.stream(values).min().orElseThrow(),
                                             java.util.Arrays.stream(values).max().orElseThrow(), values.length,
                                             start, now, now, actor));
            }
        }
        if (established.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("duration_minutes", durationMinutes);
            details.put("longest_covered_minutes", longestCovered.toMinutes());
            details.put("skipped", skipped);
            throw ApiException.conflict("not enough data for a " + durationMinutes + "-minute baseline: the longest "
                                                + "series of " + signals + " covers " + longestCovered.toMinutes()
                                                + " minutes (with at least " + settings.minPoints() + " points "
                                                + "needed); wait, or ask for a shorter duration_minutes",
                                        details);
        }
        store.putAll(established);
        return new Result(durationMinutes, start, now, established, skipped);
    }

    List<Baseline> all() {
        return store.all();
    }

    private static Map<String, Object> skip(String signal, Map<String, String> labels, int points, Duration covered,
                                            String reason) {
        Map<String, Object> skip = new LinkedHashMap<>();
        skip.put("signal", signal);
        skip.put("labels", labels);
        skip.put("points", points);
        skip.put("covered_minutes", covered.toMinutes());
        skip.put("reason", reason);
        return skip;
    }
}
