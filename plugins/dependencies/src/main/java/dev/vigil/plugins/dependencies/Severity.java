package dev.vigil.plugins.dependencies;

import java.util.Locale;

/** A vulnerability's severity as CVSS names it; UNKNOWN when the source gave no score or an unusual word. */
enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN;

    /** Reads dependency-check's severity text ("HIGH", "moderate", "CRITICAL*"...). */
    static Severity of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String word = text.trim().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        return switch (word) {
            case "CRITICAL" -> CRITICAL;
            case "HIGH" -> HIGH;
            case "MEDIUM", "MODERATE" -> MEDIUM;
            case "LOW", "INFO", "INFORMATIONAL" -> LOW;
            default -> UNKNOWN;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
