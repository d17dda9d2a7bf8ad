package dev.vigil.api.metrics;

/** A histogram family: observations in the metric's base unit (seconds, bytes). */
public interface Histogram {

    /** Records {@code value} (finite) in the series with these label values. */
    void observe(double value, String... labelValues);

    /** Drops the series with these label values. */
    void remove(String... labelValues);
}
