package dev.vigil.api.metrics;

import java.util.List;
import java.util.function.Consumer;

/**
 * Registers a plugin's metrics. The kernel exposes them on {@code /metrics} while the plugin runs and drops them
 * when it stops, so a plugin registers in {@code start} and keeps the instruments it gets.
 *
 * <p>Names follow Prometheus conventions, checked at registration (an {@link IllegalArgumentException} says which
 * rule): {@code vigil_} (or {@code otel_} for applications' metrics received over OTLP) and lower-case words
 * joined by {@code _}; base units at the end ({@code _seconds}, {@code _bytes}, {@code _ratio}), never
 * abbreviated ones ({@code _ms}, {@code _percent}); a counter ends in {@code _total} and nothing else does, and no
 * name ends in {@code _count}, {@code _sum}, {@code _bucket}, {@code _created} or {@code _info}. A name is
 * registered once across all plugins. Help text is required. Label names are lower-case words ({@code le} and
 * {@code quantile} are reserved).
 */
public interface Metrics {

    /** A counter: only goes up; {@code rate()} over it is the per-second rate. */
    Counter counter(String name, String help, String... labelNames);

    /**
     * A histogram with the given bucket upper bounds (ascending, finite; {@code +Inf} is added): {@code _bucket},
     * {@code _sum} and {@code _count} series, for {@code histogram_quantile()} across instances and windows.
     */
    Histogram histogram(String name, String help, double[] upperBounds, String... labelNames);

    /**
     * A histogram fed with counts already bucketed elsewhere (an application's histograms received over OTLP), with
     * the given bucket upper bounds (ascending, finite; {@code +Inf} is added). Exposed like {@link #histogram}.
     */
    CountedHistogram countedHistogram(String name, String help, double[] upperBounds, String... labelNames);

    /** A gauge the plugin sets: a value that goes up and down. */
    Gauge gauge(String name, String help, String... labelNames);

    /**
     * A gauge read at each scrape: {@code reader} is called with a sink and reports each series' current value
     * (a cache size, the latest system sample). It runs on the scrape's thread: keep it quick, never block on I/O.
     */
    void gaugeReadAtScrape(String name, String help, List<String> labelNames, Consumer<GaugeSink> reader);

    /**
     * A counter read at each scrape from a total kept elsewhere (a cumulative count the plugin or a library
     * already keeps: bytes a network interface received, events a queue dropped). The totals reported must never
     * go down while the plugin runs. Same rules as {@link #gaugeReadAtScrape}.
     */
    void counterReadAtScrape(String name, String help, List<String> labelNames, Consumer<GaugeSink> reader);

    /** Where a metric read at scrape time reports its series. */
    interface GaugeSink {
        /** One series: its value and its label values, in the order the label names were given. */
        void set(double value, String... labelValues);
    }

    /** Bucket bounds in seconds for request and query durations: 1 ms to 60 s. */
    double[] DURATION_SECONDS_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
                                          60};
}
