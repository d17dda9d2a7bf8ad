package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a threshold is a violation. */
enum Comparison {
    /** A value above the threshold violates it (latency, error rate, usage). */
    GREATER,
    /** A value below the threshold violates it (throughput, health score). */
    LESS;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean violates(double value, double threshold) {
        return this == GREATER ? value > threshold : value < threshold;
    }

    String word() {
        return this == GREATER ? "above" : "below";
    }
}
