package dev.vigil.plugins.alerts;

import java.time.Duration;

/**
 * What one evaluation found for one rule and label set, with what the lifecycle needs to act on it.
 *
 * @param subject     the series and its measured value, for messages ({@code requests.p95_ms is 2350})
 * @param warning     the warning threshold, or null
 * @param critical    the critical threshold, or null
 * @param note        added to messages (the rule's description, the baseline it compares with), or null
 * @param fingerprint changes when the rule changes, so the tracker restarts its counts
 */
record Observation(AlertKey key, String signal, Level level, double value, String subject, Double warning,
                   Double critical, Comparison comparison, String note, int consecutive, Duration cooldown,
                   String fingerprint) {

    double threshold(Severity severity) {
        if (severity == Severity.CRITICAL && critical != null || warning == null) {
            return critical;
        }
        return warning;
    }

    String message(Severity severity) {
        return subject + ", " + comparison.word() + " the " + severity.label() + " threshold "
                + Statistics.round(threshold(severity)) + (note == null ? "" : " (" + note + ")");
    }

    String normalMessage() {
        return subject + ", back within the thresholds";
    }
}
