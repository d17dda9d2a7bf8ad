package dev.vigil.plugins.alerts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Metrics;

/**
 * The plugin's metrics on {@code /metrics}: alerts fired, notifications delivered or failed, and the alerts active
 * now (as of the latest evaluation or change, so that a scrape never reads the database).
 */
final class AlertMetrics {

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final Counter fired;
    private final Counter notifications;
    private volatile Map<Severity, Long> active = Map.of();

    AlertMetrics(Metrics metrics) {
        fired = metrics.counter("vigil_alerts_fired_total", "Alerts fired, by rule and the severity they fired at "
                + "(an escalation to critical is not a new alert).", "rule", "severity");
        notifications = metrics.counter("vigil_alert_notifications_total", "Notifications of alert changes per "
                + "channel: delivered, or failed (every attempt failed, or dropped because too many were pending "
                + "or the plugin was stopping); silenced ones are not counted.", "channel", "outcome");
        metrics.gaugeReadAtScrape("vigil_alerts_active", "Alerts active now, by severity.", List.of("severity"),
                                  sink -> active.forEach((severity, count) -> sink.set(count, severity.label())));
    }

    void fired(Alert alert) {
        fired.inc(alert.rule(), alert.severity().label());
    }

    /** {@code outcome} is {@link #DELIVERED} or {@link #FAILED}. */
    void notification(String channel, String outcome) {
        notifications.inc(channel, outcome);
    }

    /** The active alerts, as just read from the store. */
    void active(List<Alert> alerts) {
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            counts.put(severity, 0L);
        }
        alerts.forEach(alert -> counts.merge(alert.severity(), 1L, Long::sum));
        active = counts;
    }
}
