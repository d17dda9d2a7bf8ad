package dev.vigil.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One measurement: a named value with labels at a time. Names are {@code <plugin-id>.<metric>} in lower case
 * with the unit last ({@code requests.p95_ms}); see {@link SignalCatalog} for the ones plugins share.
 * Labels are kept sorted so that equal label sets compare equal.
 */
public record Signal(String name, Map<String, String> labels, double value, Instant time) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Pattern LABEL = Pattern.compile("[a-z_][a-z0-9_]*");

    public Signal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(time, "time");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("signal name must look like 'plugin.metric_unit': " + name);
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("signal " + name + " has no finite value: " + value);
        }
        labels = sortedLabels(labels);
    }

    public static Signal of(String name, double value, Instant time) {
        return new Signal(name, Map.of(), value, time);
    }

    public static Signal of(String name, Map<String, String> labels, double value, Instant time) {
        return new Signal(name, labels, value, time);
    }

    static Map<String, String> sortedLabels(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((key, val) -> {
            if (!LABEL.matcher(key).matches()) {
                throw new IllegalArgumentException("label name must be lower-case letters, digits and '_': " + key);
            }
            sorted.put(key, Objects.requireNonNull(val, "value of label " + key));
        });
        return Collections.unmodifiableMap(sorted);
    }
}
