package dev.vigil.plugins.alerts;

import java.util.Arrays;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a notification channel speaks. */
enum ChannelType {
    /** A generic JSON body describing the change and the alert. */
    WEBHOOK,
    /** Slack incoming-webhook JSON ({@code text} plus an attachment). */
    SLACK,
    /** Discord webhook JSON ({@code content} plus an embed). */
    DISCORD,
    /** A Microsoft Teams Workflows webhook: a message carrying an Adaptive Card. */
    TEAMS,
    /** PagerDuty's Events API v2: trigger, acknowledge and resolve, one incident per alert. */
    PAGERDUTY,
    /** A mail over SMTP, with a plain-text and an HTML part. */
    EMAIL,
    /** A line in Vigil's log, {@code vigil.alerts}. */
    LOG;

    @JsonValue
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the channel sends an HTTP request to its {@code url}. */
    boolean postsToUrl() {
        return this != LOG && this != EMAIL;
    }

    /** {@code webhook, slack, ...}: for messages that list the choices. */
    static String labels() {
        return Arrays.stream(values()).map(ChannelType::label).collect(Collectors.joining(", "));
    }
}
