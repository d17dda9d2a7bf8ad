package dev.vigil.plugins.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import dev.vigil.api.Signals.Point;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a rule reduces the points of its window to one value. */
enum Aggregation {
    LAST, AVG, MIN, MAX, P95;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The aggregate of {@code points} (oldest first); empty when there are none. */
    OptionalDouble apply(List<Point> points) {
        if (points.isEmpty()) {
            return OptionalDouble.empty();
        }
        double[] values = points.stream().mapToDouble(Point::value).toArray();
        return OptionalDouble.of(switch (this) {
            case LAST -> values[values.length - 1];
            case AVG -> Statistics.mean(values);
            case MIN -> Arrays.stream(values).min().orElseThrow();
            case MAX -> Arrays.stream(values).max().orElseThrow();
            case P95 -> Statistics.percentile(values, 95);
        });
    }
}
