package dev.vigil.api.metrics;

/** A counter family. Label values are given in the order of the label names; a counter without labels takes none. */
public interface Counter {

    /** Adds {@code amount} (finite, >= 0) to the series with these label values. */
    void inc(double amount, String... labelValues);

    /** Adds one to the series with these label values. */
    default void inc(String... labelValues) {
        inc(1, labelValues);
    }

    /** Drops the series with these label values (an endpoint folded away, a subscription gone). */
    void remove(String... labelValues);
}
