package dev.vigil.kernel.metrics;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming rules of {@link dev.vigil.api.metrics.Metrics}, checked when a metric is registered so that
 * {@code promtool check metrics} finds nothing to say about what a plugin exposes.
 */
final class MetricNames {

    enum Kind { COUNTER, GAUGE, HISTOGRAM }

    private static final Pattern NAME = Pattern.compile("(vigil|otel)_[a-z0-9]+(_[a-z0-9]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]*");
    /** What promtool calls abbreviated units, plus the ones Vigil's signals used. */
    private static final Set<String> ABBREVIATED_UNITS = Set.of("s", "ms", "us", "ns", "sec", "secs", "min", "hr",
            "kb", "kib", "mb", "mib", "gb", "gib", "tb", "tib", "pb", "pib", "eb", "eib", "percent", "pct", "millis",
            "rps");
    private static final List<String> RESERVED_SUFFIXES = List.of("_count", "_sum", "_bucket", "_created", "_info",
                                                                  "_gcount", "_gsum");

    private MetricNames() {
    }

    static void check(String name, Kind kind, String help, String... labelNames) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' must be vigil_ or otel_ followed by "
                                                       + "lower-case words joined by _");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        for (String word : name.split("_")) {
            if (ABBREVIATED_UNITS.contains(word)) {
                throw new IllegalArgumentException("metric " + name + " abbreviates a unit ('" + word
                        + "'): use a base unit in full (seconds, bytes, ratio)");
            }
        }
        boolean total = name.endsWith("_total");
        if (kind == Kind.COUNTER && !total) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (kind != Kind.COUNTER && total) {
            throw new IllegalArgumentException("metric " + name + " ends in _total but is not a counter");
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                throw new IllegalArgumentException("metric " + name + " ends in " + suffix
                        + ", which Prometheus reserves for the series of histograms and info metrics");
            }
        }
        for (String label : labelNames) {
            if (label == null || !LABEL.matcher(label).matches() || label.equals("le") || label.equals("quantile")) {
                throw new IllegalArgumentException("metric " + name + ": label name '" + label
                        + "' must be a lower-case word (le and quantile are reserved)");
            }
        }
    }

    /** The name a counter has in the Prometheus client, which adds {@code _total} when it writes it. */
    static String family(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
