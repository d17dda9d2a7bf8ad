package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

/** The payload a notification channel speaks. */
enum ChannelType {
    /** A generic JSON body describing the change and the alert. */
    WEBHOOK,
    /** Slack incoming-webhook JSON ({@code text} plus an attachment). */
    SLACK,
    /** Discord webhook JSON ({@code content} plus an embed). */
    DISCORD,
    /** A line in Vigil's log, {@code vigil.alerts}. */
    LOG;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean needsUrl() {
        return this != LOG;
    }
}
