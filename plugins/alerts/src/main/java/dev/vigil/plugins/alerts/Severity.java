package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** Severity of an alert. */
enum Severity {
    WARNING, CRITICAL;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Severity of(Level level) {
        return switch (level) {
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
            default -> throw new IllegalArgumentException("not a violation: " + level);
        };
    }

    static Severity parse(String text) {
        return valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }

    boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
