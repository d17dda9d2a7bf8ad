package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bodies of PagerDuty's Events API v2 ({@code POST /v2/enqueue}): one PagerDuty alert per Vigil alert, opened by a
 * trigger and followed by acknowledge and resolve events under the same {@code dedup_key}. Pure, so unit-tested.
 */
final class PagerDutyEvent {

    /** The API refuses a longer summary. */
    static final int SUMMARY_LIMIT = 1024;

    private PagerDutyEvent() {
    }

    /**
     * The event for a change: fired and escalated trigger (escalation again, at its new severity, which PagerDuty
     * adds to the alert already open under the key), acknowledged acknowledges and resolved resolves. A test is an
     * {@code info} trigger under a key of its own, which {@link PagerDutySender} resolves at once.
     */
    static Map<String, Object> of(Channel channel, Notification notification) {
        Alert alert = notification.alert();
        return switch (notification.change()) {
            case FIRED, ESCALATED -> trigger(channel.routingKey(), dedupKey(alert), notification);
            case TEST -> trigger(channel.routingKey(), testKey(channel, notification), notification);
            case ACKNOWLEDGED -> followUp(channel.routingKey(), dedupKey(alert), "acknowledge");
            case RESOLVED -> followUp(channel.routingKey(), dedupKey(alert), "resolve");
        };
    }

    /** {@code vigil-alert-<id>}: the same through the alert's life, so PagerDuty applies every event to one alert. */
    static String dedupKey(Alert alert) {
        return "vigil-alert-" + alert.id();
    }

    /** Unique to one test of one channel, so a test never touches a real alert's incident. */
    static String testKey(Channel channel, Notification notification) {
        return "vigil-test-" + channel.name() + "-" + notification.sentAt().toEpochMilli();
    }

    static Map<String, Object> resolve(String routingKey, String dedupKey) {
        return followUp(routingKey, dedupKey, "resolve");
    }

    private static Map<String, Object> trigger(String routingKey, String dedupKey, Notification notification) {
        Change change = notification.change();
        Alert alert = notification.alert();
        String service = alert.labels().get("service");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", Payloads.truncate(Payloads.line(notification), SUMMARY_LIMIT));
        // "The unique location of the affected system": the service when the series names one, else Vigil itself
        // (system signals describe the host it runs on).
        payload.put("source", service == null || service.isBlank() ? "vigil" : service);
        payload.put("severity", severity(change, alert));
        payload.put("timestamp", when(change, alert).toString());
        payload.put("component", alert.signal());
        if (service != null && !service.isBlank()) {
            payload.put("group", service);
        }
        payload.put("class", alert.rule());
        payload.put("custom_details", details(alert));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", "trigger");
        event.put("dedup_key", dedupKey);
        event.put("payload", payload);
        event.put("client", "Vigil");
        return event;
    }

    private static Map<String, Object> followUp(String routingKey, String dedupKey, String action) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        event.put("event_action", action);
        event.put("dedup_key", dedupKey);
        return event;
    }

    /** PagerDuty knows critical, error, warning and info; a test is info, so it pages nobody at high urgency. */
    private static String severity(Change change, Alert alert) {
        if (change == Change.TEST) {
            return "info";
        }
        return alert.severity() == Severity.CRITICAL ? "critical" : "warning";
    }

    private static Instant when(Change change, Alert alert) {
        return change == Change.ESCALATED && alert.escalatedAt() != null ? alert.escalatedAt() : alert.startedAt();
    }

    private static Map<String, Object> details(Alert alert) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alert_id", alert.id());
        details.put("rule", alert.rule());
        details.put("signal", alert.signal());
        details.put("labels", alert.labels());
        details.put("severity", alert.severity().label());
        details.put("value", Statistics.round(alert.value()));
        details.put("threshold", Statistics.round(alert.threshold()));
        details.put("message", alert.message());
        details.put("started_at", alert.startedAt().toString());
        if (alert.escalatedAt() != null) {
            details.put("escalated_at", alert.escalatedAt().toString());
        }
        return details;
    }
}
