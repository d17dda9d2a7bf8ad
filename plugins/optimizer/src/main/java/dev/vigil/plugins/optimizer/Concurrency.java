package dev.vigil.plugins.optimizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean requests in flight per service and minute, by Little's law: the time all its requests took in that minute
 * divided by the minute. Computed from the complete per-minute totals, not from the sample.
 *
 * <p>A request is given the figure of the minute before its own: its own minute's figure contains its own latency
 * (and that of an anomalous minute's other slow requests), which would let the model explain anomalies away, and
 * live predictions only know the last complete minute anyway.
 */
final class Concurrency {

    private final Map<String, Map<Long, Double>> byService;

    Concurrency(Map<String, Map<Long, Double>> byService) {
        this.byService = byService;
    }

    static Concurrency from(List<MinuteRow> minutes) {
        Map<String, Map<Long, Double>> byService = new HashMap<>();
        for (MinuteRow row : minutes) {
            byService.computeIfAbsent(row.key().service(), s -> new HashMap<>())
                    .merge(row.minuteAt(), row.totals().sumMs / 60_000.0, Double::sum);
        }
        return new Concurrency(byService);
    }

    /** The figure of the minute before {@code time}'s; NaN when nothing is known of that service then. */
    double at(String service, long time) {
        Map<Long, Double> minutes = byService.get(service);
        Double value = minutes == null ? null : minutes.get(MinuteRow.minuteOf(time) - 60_000);
        return value == null ? Double.NaN : value;
    }
}
