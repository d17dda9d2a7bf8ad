package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A silence: while it lasts, alerts it matches send no notifications (they still fire, show and resolve).
 * Matchers apply to the alert's labels and to three pseudo-labels: {@code rule}, {@code signal} and
 * {@code severity}.
 */
record Silence(long id, Map<String, String> matchers, Instant startsAt, Instant until, String comment,
               String createdBy, Instant createdAt, Instant liftedAt, String liftedBy) {

    boolean activeAt(Instant now) {
        return liftedAt == null && !now.isBefore(startsAt) && now.isBefore(until);
    }

    boolean mutes(Alert alert) {
        Map<String, String> labels = new HashMap<>(alert.labels());
        labels.put("rule", alert.rule());
        labels.put("signal", alert.signal());
        labels.put("severity", alert.severity().label());
        return LabelMatchers.matches(matchers, labels);
    }
}
