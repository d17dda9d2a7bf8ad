package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Signals;

/**
 * A series' points over a span, from the kernel's in-memory history when it reaches back far enough, otherwise
 * from the archived minutes. One source per series, so that two windows compared with each other hold the same
 * kind of points (raw samples, or minute averages).
 */
final class SignalHistory {

    private final Signals signals;
    private final SignalArchive archive;

    SignalHistory(Signals signals, SignalArchive archive) {
        this.signals = signals;
        this.archive = archive;
    }

    /** The points of [from, to] of every series of {@code signal} the matchers accept, by label set. */
    Map<Map<String, String>, List<Signals.Point>> points(String signal, Map<String, String> matchers, Instant from,
                                                       Instant to) {
        Duration slack = Duration.ofMinutes(1);
        Map<Map<String, String>, List<Signals.Point>> result = new LinkedHashMap<>();
        Map<Map<String, String>, List<Signals.Point>> archived = archive.minutes(signal, matchers, from, to);
        for (Signals.SignalSeries series : signals.history(signal, null, from)) {
            if (!LabelMatchers.matches(matchers, series.labels())) {
                continue;
            }
            List<Signals.Point> memory = series.points().stream().filter(p -> !p.time().isAfter(to)).toList();
            boolean reachesBack = !memory.isEmpty() && !memory.get(0).time().isAfter(from.plus(slack));
            if (!reachesBack) {
                List<Signals.Point> stored = archived.getOrDefault(series.labels(), List.of());
                if (!stored.isEmpty() && (memory.isEmpty() || stored.get(0).time().isBefore(memory.get(0).time()))) {
                    result.put(series.labels(), stored);
                    continue;
                }
            }
            result.put(series.labels(), new ArrayList<>(memory));
        }
        // Series that are only archived (their producer is gone, or the server restarted).
        archived.forEach(result::putIfAbsent);
        return result;
    }
}
