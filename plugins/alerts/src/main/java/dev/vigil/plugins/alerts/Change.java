package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** A change in an alert's life: what the history records, events announce and channels may be sent. */
enum Change {
    FIRED, ESCALATED, RESOLVED, ACKNOWLEDGED;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
