package dev.vigil.plugins.alerts;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A change in an alert's life: what the history records, events announce and channels may be sent. {@link #TEST}
 * is no change of an alert: it marks the notification {@code POST /api/v1/alerts/channels/{name}/test} sends.
 */
enum Change {
    FIRED, ESCALATED, RESOLVED, ACKNOWLEDGED, TEST;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The changes a channel may subscribe to, for messages. */
    static String sendable() {
        return Arrays.stream(values()).filter(c -> c != TEST).map(Change::label).collect(Collectors.joining(", "));
    }
}
