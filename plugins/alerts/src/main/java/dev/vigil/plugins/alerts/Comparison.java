package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which side of a threshold is a violation. */
enum Comparison {
    /** A value above the threshold violates it (latency, error rate, usage). */
    GREATER,
    /** A value below the threshold violates it (throughput, health score). */
    LESS,
    /**
     * A value exactly equal to the threshold violates it (a flag or a count that must not be 0). Exact on purpose:
     * counts and flags are whole numbers, and a tolerance would make {@code equal: 0} match values that are not 0.
     */
    EQUAL;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean violates(double value, double threshold) {
        return switch (this) {
            case GREATER -> value > threshold;
            case LESS -> value < threshold;
            case EQUAL -> value == threshold;
        };
    }

    /** How a violating value stands to the threshold: "above the warning threshold 2000". */
    String word() {
        return switch (this) {
            case GREATER -> "above";
            case LESS -> "below";
            case EQUAL -> "equal to";
        };
    }

    /** How a value that no longer violates stands to the threshold: "back below the warning threshold 2000". */
    String normalWord() {
        return switch (this) {
            case GREATER -> "back below";
            case LESS -> "back above";
            case EQUAL -> "no longer equal to";
        };
    }
}
