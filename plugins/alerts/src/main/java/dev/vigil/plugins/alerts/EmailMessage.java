package dev.vigil.plugins.alerts;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What an email channel sends for one notification: the subject, a plain-text and an HTML part carrying the same
 * fields, a link to the alert in the dashboard when the server's public URL is known, and the ids that thread
 * every mail of one alert under the mail of its firing. Pure, so it is tested without SMTP.
 *
 * @param link      the dashboard's page of the alert; null without {@code server.public-url}
 * @param messageId this mail's {@code Message-ID}: the same for every attempt, so a mailbox drops a duplicate
 * @param threadId  the {@code Message-ID} of the alert's firing, which the alert's later mails refer to
 *                  ({@code In-Reply-To}, {@code References}); null for a test
 */
record EmailMessage(String subject, String text, String html, String link, String messageId, String threadId) {

    /** A host for ids when no public URL gives one. */
    private static final String DEFAULT_ID_DOMAIN = "vigil";

    static EmailMessage of(Channel channel, Notification notification, URI publicUrl) {
        Change change = notification.change();
        Alert alert = notification.alert();
        String prefix = channel.subjectPrefix() == null ? "" : channel.subjectPrefix().strip();
        String subject = oneLine((prefix.isEmpty() ? "" : prefix + " ") + Payloads.headline(change, alert));
        // The dashboard shows one alert at #/alerts/{id}; a test has no alert, so it links to the list.
        String link = publicUrl == null ? null
                : publicUrl.toString().replaceAll("/+$", "") + "/#/alerts" + (change == Change.TEST ? ""
                        : "/" + alert.id());

        String domain = publicUrl == null ? DEFAULT_ID_DOMAIN : publicUrl.getHost();
        // Alert ids start again in a new database, and several servers may mail one mailbox: the start time keeps
        // two alerts numbered alike apart.
        String alertKey = "alert-" + alert.id() + "-" + alert.startedAt().toEpochMilli();
        String threadId = change == Change.TEST ? null : "<" + alertKey + "@" + domain + ">";
        String messageId = switch (change) {
            case FIRED -> threadId;
            case TEST -> "<test-" + channel.name() + "-" + notification.sentAt().toEpochMilli() + "@" + domain + ">";
            default -> "<" + alertKey + "-" + change.label() + "@" + domain + ">";
        };

        String lead = lead(change, alert);
        List<Field> fields = fields(change, alert);
        return new EmailMessage(subject, text(lead, alert, fields, link, channel),
                                html(subject, lead, alert, fields, link, channel, Payloads.hexColour(change, alert)),
                                link, messageId, threadId);
    }

    /** One line of the table both parts show. */
    private record Field(String name, String value) {
    }

    private static String lead(Change change, Alert alert) {
        return switch (change) {
            case FIRED -> "Alert #" + alert.id() + " fired at " + alert.severity().label() + ".";
            case ESCALATED -> "Alert #" + alert.id() + " escalated to " + alert.severity().label() + ".";
            case RESOLVED -> "Alert #" + alert.id() + " resolved"
                    + (alert.resolvedBy() == null ? "" : " (by " + alert.resolvedBy() + ")") + ".";
            case ACKNOWLEDGED -> "Alert #" + alert.id() + " was acknowledged"
                    + (alert.acknowledgedBy() == null ? "" : " by " + alert.acknowledgedBy()) + ".";
            case TEST -> "This is a test: no alert fired.";
        };
    }

    private static List<Field> fields(Change change, Alert alert) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Rule", alert.rule()));
        fields.add(new Field("Severity", alert.severity().label()));
        fields.add(new Field("Signal", alert.signal()));
        fields.add(new Field("Labels", labels(alert.labels())));
        // Once resolved, the alert's value is the one that resolved it.
        fields.add(new Field(change == Change.RESOLVED ? "Value at resolution" : "Current value",
                             number(alert.value())));
        fields.add(new Field("Threshold", number(alert.threshold())));
        fields.add(new Field("Started at", time(alert.startedAt())));
        if (alert.escalatedAt() != null) {
            fields.add(new Field("Escalated at", time(alert.escalatedAt())));
        }
        fields.add(new Field("Status", alert.status()));
        if (alert.acknowledgedAt() != null) {
            fields.add(new Field("Acknowledged by", actor(alert.acknowledgedBy(), alert.acknowledgedAt())));
        }
        if (alert.resolvedAt() != null) {
            fields.add(new Field("Resolved by", actor(alert.resolvedBy(), alert.resolvedAt())));
        }
        if (change != Change.TEST) {
            fields.add(new Field("Alert", "#" + alert.id()));
        }
        return fields;
    }

    private static String text(String lead, Alert alert, List<Field> fields, String link, Channel channel) {
        int width = fields.stream().mapToInt(f -> f.name().length()).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder();
        text.append(lead).append('\n').append(alert.message()).append("\n\n");
        for (Field field : fields) {
            text.append(String.format("%-" + width + "s", field.name() + ":")).append(field.value()).append('\n');
        }
        if (link != null) {
            text.append("\nOpen in Vigil: ").append(link).append('\n');
        }
        text.append("\n-- \nSent by Vigil to the channel ").append(channel.name()).append(".\n");
        return text.toString();
    }

    private static String html(String subject, String lead, Alert alert, List<Field> fields, String link,
                               Channel channel, String colour) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\"><title>").append(escape(subject))
                .append("</title></head>\n<body style=\"font-family: sans-serif; color: #222;\">\n")
                .append("<p style=\"border-left: 4px solid ").append(colour).append("; padding-left: 8px;\"><strong>")
                .append(escape(lead)).append("</strong><br>").append(escape(alert.message())).append("</p>\n")
                .append("<table cellpadding=\"4\" style=\"border-collapse: collapse;\">\n");
        for (Field field : fields) {
            html.append("<tr><th align=\"left\">").append(escape(field.name())).append("</th><td>")
                    .append(escape(field.value())).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (link != null) {
            html.append("<p><a href=\"").append(escape(link)).append("\">Open in Vigil</a></p>\n");
        }
        html.append("<p style=\"color: #777; font-size: small;\">Sent by Vigil to the channel ")
                .append(escape(channel.name())).append(".</p>\n</body></html>\n");
        return html.toString();
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code 97} rather than {@code 97.0}, at most three decimals. */
    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(Statistics.round(value)).stripTrailingZeros().toPlainString();
    }

    private static String time(Instant instant) {
        return instant.toString();
    }

    private static String actor(String who, Instant when) {
        return (who == null ? "someone" : who) + " at " + time(when);
    }

    /** A subject is one header line: a label value must not add lines (or headers) to it. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    /** Text for HTML element content and quoted attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
