package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.Map;

/**
 * One alert: a rule's violation on one label set, from firing to resolution.
 *
 * @param status    {@code active} or {@code resolved}
 * @param threshold the threshold crossed at the current severity
 */
record Alert(long id, String rule, Map<String, String> labels, String signal, Severity severity, String status,
             double value, double threshold, String message, Instant startedAt, Instant updatedAt,
             Instant escalatedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
             String resolvedBy) {

    static final String ACTIVE = "active";
    static final String RESOLVED = "resolved";

    boolean active() {
        return ACTIVE.equals(status);
    }

    AlertKey key() {
        return new AlertKey(rule, labels);
    }

    /** One entry of an alert's history: who changed what, when. */
    record HistoryEntry(long alertId, Instant time, Change change, Severity severity, Double value, String actor,
                        String comment) {
    }
}
