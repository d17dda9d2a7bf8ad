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

    /** A violation at {@code severity}: "requests.p95_ms is 2350, above the warning threshold 2000". */
    String message(Severity severity) {
        return subject + ", " + comparison.word() + " the " + severity.label() + " threshold "
                + Statistics.text(threshold(severity)) + noted();
    }

    /** What this evaluation's violation says, at the level it reached (which may be below the alert's severity). */
    String currentMessage() {
        return message(Severity.of(level));
    }

    /**
     * A resolution: "requests.p95_ms is 120, back below the warning threshold 2000". It names the lowest threshold
     * the rule has, since a normal value is on the right side of every one; an equal rule's value differs from both.
     */
    String normalMessage() {
        String thresholds;
        if (comparison == Comparison.EQUAL && warning != null && critical != null) {
            thresholds = "the warning threshold " + Statistics.text(warning) + " nor the critical threshold "
                    + Statistics.text(critical);
        } else {
            Severity lowest = warning != null ? Severity.WARNING : Severity.CRITICAL;
            thresholds = "the " + lowest.label() + " threshold " + Statistics.text(threshold(lowest));
        }
        return subject + ", " + comparison.normalWord() + " " + thresholds + noted();
    }

    private String noted() {
        return note == null ? "" : " (" + note + ")";
    }
}
