package dev.vigil.plugins.alerts;

import java.time.Instant;

/** One notification to send: a change of an alert, or a channel's test, and when it is sent. */
record Notification(Change change, Alert alert, Instant sentAt) {

    boolean resolved() {
        return change == Change.RESOLVED;
    }
}
