package dev.vigil.plugins.alerts;

/** What one evaluation of one series found. */
enum Level {
    NORMAL, WARNING, CRITICAL, NO_DATA;

    boolean violation() {
        return this == WARNING || this == CRITICAL;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
