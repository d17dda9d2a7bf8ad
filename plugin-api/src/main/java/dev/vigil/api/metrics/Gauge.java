package dev.vigil.api.metrics;

/** A gauge family the plugin sets. */
public interface Gauge {

    /** Sets the series with these label values to {@code value} (finite). */
    void set(double value, String... labelValues);

    /** Drops the series with these label values. */
    void remove(String... labelValues);
}
