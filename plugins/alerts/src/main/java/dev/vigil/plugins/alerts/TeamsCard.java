package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The body a Microsoft Teams Workflows webhook takes (the "Post to a channel when a webhook request is received"
 * template): a message whose one attachment is an Adaptive Card, which the flow posts to the channel. Pure, so
 * unit-tested.
 */
final class TeamsCard {

    /** Teams renders cards up to 1.5; nothing here needs more than 1.4, which older mobile clients render too. */
    static final String VERSION = "1.4";
    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    // Teams refuses messages over about 28 KB; these keep a card well below, whatever the labels and message hold.
    private static final int HEADLINE_LIMIT = 300;
    private static final int MESSAGE_LIMIT = 4000;
    private static final int FACT_LIMIT = 1000;

    private TeamsCard() {
    }

    static Map<String, Object> of(Change change, Alert alert) {
        List<Map<String, Object>> body = new ArrayList<>();
        Map<String, Object> headline = textBlock(Payloads.truncate(Payloads.headline(change, alert), HEADLINE_LIMIT));
        headline.put("weight", "Bolder");
        headline.put("size", "Medium");
        headline.put("color", colour(change, alert));
        body.add(headline);
        if (change == Change.RESOLVED && alert.resolvedAt() != null) {
            Map<String, Object> resolved = textBlock("Resolved " + (named(alert.resolvedBy()) ? "by "
                    + alert.resolvedBy() + " " : "") + "at " + alert.resolvedAt());
            resolved.put("color", "Good");
            body.add(resolved);
        }
        body.add(textBlock(Payloads.truncate(alert.message(), MESSAGE_LIMIT)));
        body.add(Map.of("type", "FactSet", "facts", facts(alert)));

        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", VERSION);
        card.put("body", body);
        card.put("msteams", Map.of("width", "Full"));
        // HashMap, not Map.of: the null contentUrl is part of the attachment's documented shape.
        Map<String, Object> attachment = new HashMap<>();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.put("contentUrl", null);
        attachment.put("content", card);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "message");
        message.put("attachments", List.of(attachment));
        return message;
    }

    /** Adaptive Card colour names: green once resolved, red for critical, amber for warning, blue for a test. */
    static String colour(Change change, Alert alert) {
        if (change == Change.RESOLVED) {
            return "Good";
        }
        if (change == Change.TEST) {
            return "Accent";
        }
        return alert.severity() == Severity.CRITICAL ? "Attention" : "Warning";
    }

    private static Map<String, Object> textBlock(String text) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        return block;
    }

    private static List<Map<String, String>> facts(Alert alert) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Signal", alert.signal());
        if (!alert.labels().isEmpty()) {
            facts.put("Labels", new TreeMap<>(alert.labels()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
        facts.put("Severity", alert.severity().label());
        facts.put("Value", String.valueOf(Statistics.round(alert.value())));
        facts.put("Threshold", String.valueOf(Statistics.round(alert.threshold())));
        facts.put("Started", alert.startedAt().toString());
        facts.put("Status", alert.status());
        if (alert.acknowledgedAt() != null) {
            facts.put("Acknowledged", whoAt(alert.acknowledgedBy(), alert.acknowledgedAt()));
        }
        if (alert.resolvedAt() != null) {
            facts.put("Resolved", whoAt(alert.resolvedBy(), alert.resolvedAt()));
        }
        return facts.entrySet().stream()
                .map(f -> Map.of("title", f.getKey(), "value", Payloads.truncate(f.getValue(), FACT_LIMIT)))
                .toList();
    }

    /** {@code alice at 2026-03-01T12:02:00Z}, or {@code at ...} when nobody is named. */
    private static String whoAt(String who, Instant when) {
        return (named(who) ? who + " " : "") + "at " + when;
    }

    private static boolean named(String who) {
        return who != null && !who.isBlank();
    }
}
