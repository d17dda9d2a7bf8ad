package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.services.AlertHistory;

/** The {@link AlertHistory} service: the alerts of a window, read from the alert table. */
final class StoredAlertHistory implements AlertHistory {

    private final AlertStore alerts;

    StoredAlertHistory(AlertStore alerts) {
        this.alerts = alerts;
    }

    @Override
    public AlertWindow window(Instant from, Instant to, int limit) {
        List<Alert> overlapping = alerts.overlapping(from, to);
        List<Alert> fired = overlapping.stream().filter(a -> !a.startedAt().isBefore(from)).toList();
        List<Alert> active = alerts.active();
        List<AlertRecord> newest = overlapping.stream()
                .sorted(Comparator.comparing(Alert::startedAt).thenComparingLong(Alert::id).reversed())
                .limit(Math.max(0, limit))
                .map(StoredAlertHistory::record)
                .toList();
        return new AlertWindow(fired.size(), bySeverity(fired), active.size(), bySeverity(active), overlapping.size(),
                               newest);
    }

    private static Map<String, Long> bySeverity(List<Alert> list) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Severity severity : Severity.values()) {
            counts.put(severity.label(), list.stream().filter(a -> a.severity() == severity).count());
        }
        return counts;
    }

    private static AlertRecord record(Alert a) {
        return new AlertRecord(a.id(), a.rule(), a.signal(), a.labels(), a.severity().label(), a.status(), a.value(),
                               a.threshold(), a.message(), a.startedAt(), a.acknowledgedAt(), a.resolvedAt());
    }
}
