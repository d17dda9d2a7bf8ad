package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies each channel type receives, as plain maps for the JSON mapper. Pure, so each shape is unit-tested. */
final class Payloads {

    private static final int DISCORD_CONTENT_LIMIT = 2000;
    private static final int DISCORD_DESCRIPTION_LIMIT = 4096;

    private Payloads() {
    }

    /** The JSON body an HTTP channel posts. */
    static Object body(Channel channel, Notification notification) {
        Change change = notification.change();
        Alert alert = notification.alert();
        return switch (channel.type()) {
            case WEBHOOK -> webhook(change, alert, notification.sentAt());
            case SLACK -> slack(change, alert);
            case DISCORD -> discord(change, alert);
            case TEAMS -> TeamsCard.of(change, alert);
            case PAGERDUTY -> PagerDutyEvent.of(channel, notification);
            case EMAIL, LOG -> throw new IllegalArgumentException("a " + channel.type().label()
                                                                          + " channel posts no JSON");
        };
    }

    /** The log channel's line: the headline and the message. */
    static String line(Notification notification) {
        return headline(notification.change(), notification.alert()) + " - " + notification.alert().message();
    }

    /** {@code [CRITICAL] fired: request-latency-p95 {service=shop}}. */
    static String headline(Change change, Alert alert) {
        return "[" + alert.severity().label().toUpperCase(java.util.Locale.ROOT) + "] " + change.label() + ": "
                + alert.rule() + (alert.labels().isEmpty() ? "" : " " + Series.describe("", alert.labels()));
    }

    static Map<String, Object> webhook(Change change, Alert alert, Instant sentAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", 1);
        body.put("source", "vigil");
        body.put("event", change.label());
        body.put("sent_at", sentAt);
        body.put("summary", headline(change, alert));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", alert.id());
        details.put("rule", alert.rule());
        details.put("signal", alert.signal());
        details.put("labels", alert.labels());
        details.put("severity", alert.severity().label());
        details.put("status", alert.status());
        details.put("value", alert.value());
        details.put("threshold", alert.threshold());
        details.put("message", alert.message());
        details.put("started_at", alert.startedAt());
        details.put("escalated_at", alert.escalatedAt());
        details.put("acknowledged_at", alert.acknowledgedAt());
        details.put("acknowledged_by", alert.acknowledgedBy());
        details.put("resolved_at", alert.resolvedAt());
        details.put("resolved_by", alert.resolvedBy());
        body.put("alert", details);
        return body;
    }

    /** Slack incoming webhooks: {@code text} is shown everywhere, the attachment adds a coloured bar and fields. */
    static Map<String, Object> slack(Change change, Alert alert) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(Map.of("title", "Signal", "value", Series.describe(alert.signal(), alert.labels()), "short", false));
        fields.add(Map.of("title", valueTitle(change), "value", Statistics.text(alert.value()), "short", true));
        fields.add(Map.of("title", "Threshold", "value", Statistics.text(alert.threshold()), "short", true));
        fields.add(Map.of("title", "Started", "value", alert.startedAt().toString(), "short", true));
        Map<String, Object> attachment = new LinkedHashMap<>();
        attachment.put("color", hexColour(change, alert));
        attachment.put("title", headline(change, alert));
        attachment.put("text", alert.message());
        attachment.put("fields", fields);
        attachment.put("footer", "Vigil alert #" + alert.id());
        attachment.put("ts", alert.updatedAt().getEpochSecond());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", headline(change, alert) + ": " + alert.message());
        body.put("attachments", List.of(attachment));
        return body;
    }

    /** Discord webhooks: {@code content} (at most 2000 characters) and one embed. */
    static Map<String, Object> discord(Change change, Alert alert) {
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(Map.of("name", "Signal", "value", Series.describe(alert.signal(), alert.labels()), "inline", false));
        fields.add(Map.of("name", valueTitle(change), "value", Statistics.text(alert.value()), "inline", true));
        fields.add(Map.of("name", "Threshold", "value", Statistics.text(alert.threshold()), "inline", true));
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("title", truncate(headline(change, alert), 256));
        embed.put("description", truncate(alert.message(), DISCORD_DESCRIPTION_LIMIT));
        embed.put("color", Integer.parseInt(hexColour(change, alert).substring(1), 16));
        embed.put("fields", fields);
        embed.put("footer", Map.of("text", "Vigil alert #" + alert.id()));
        embed.put("timestamp", alert.updatedAt().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", truncate(headline(change, alert), DISCORD_CONTENT_LIMIT));
        body.put("embeds", List.of(embed));
        return body;
    }

    /** A resolved alert's value is the one it resolved at (its message says how it resolved). */
    static String valueTitle(Change change) {
        return change == Change.RESOLVED ? "Value at resolution" : "Value";
    }

    /** Green once resolved, red for critical, amber for warning. */
    static String hexColour(Change change, Alert alert) {
        if (change == Change.RESOLVED) {
            return "#2e7d32";
        }
        return alert.severity() == Severity.CRITICAL ? "#d32f2f" : "#f9a825";
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
