package dev.vigil.plugins.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports over the last hours, from the alerts and their history: a summary (counts, per rule, time to acknowledge
 * and resolve, deliveries) and a detailed one (every alert with its history), as JSON or CSV.
 */
final class Reports {

    private final AlertStore alerts;
    private final DeliveryStore deliveries;
    private final Clock clock;

    Reports(AlertStore alerts, DeliveryStore deliveries, Clock clock) {
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** One rule's line of the summary. */
    record RuleLine(String rule, int alerts, int fired, int escalated, int resolved, int active, int critical,
                    int warning, long alertSeconds, Long meanTimeToResolveSeconds) {
    }

    /** One alert of the detailed report. */
    record AlertLine(Alert alert, long durationSeconds, List<Alert.HistoryEntry> history) {
    }

    Map<String, Object> summary(int hours) {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofHours(hours));
        List<Alert> overlapping = alerts.overlapping(from, to);
        List<Alert.HistoryEntry> history = alerts.historyBetween(from, to);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("type", "summary");
        report.put("from", from);
        report.put("to", to);
        report.put("hours", hours);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("alerts", overlapping.size());
        totals.put("fired", count(history, Change.FIRED));
        totals.put("escalated", count(history, Change.ESCALATED));
        totals.put("resolved", count(history, Change.RESOLVED));
        totals.put("resolved_automatically", history.stream()
                .filter(h -> h.change() == Change.RESOLVED && "system".equals(h.actor())).count());
        totals.put("resolved_by_hand", history.stream()
                .filter(h -> h.change() == Change.RESOLVED && !"system".equals(h.actor())).count());
        totals.put("acknowledged", count(history, Change.ACKNOWLEDGED));
        totals.put("active_now", overlapping.stream().filter(Alert::active).count());
        totals.put("critical", overlapping.stream().filter(a -> a.severity() == Severity.CRITICAL).count());
        totals.put("warning", overlapping.stream().filter(a -> a.severity() == Severity.WARNING).count());
        report.put("totals", totals);
        report.put("mean_time_to_acknowledge_seconds", mean(overlapping.stream()
                .filter(a -> a.acknowledgedAt() != null)
                .map(a -> Duration.between(a.startedAt(), a.acknowledgedAt()).toSeconds()).toList()));
        report.put("mean_time_to_resolve_seconds", mean(overlapping.stream().filter(a -> a.resolvedAt() != null)
                .map(a -> Duration.between(a.startedAt(), a.resolvedAt()).toSeconds()).toList()));
        report.put("by_rule", byRule(overlapping, history, from, to));
        report.put("deliveries", deliveryCounts(from));
        return report;
    }

    Map<String, Object> detailed(int hours) {
        Map<String, Object> report = summary(hours);
        report.put("type", "detailed");
        Instant to = (Instant) report.get("to");
        Instant from = (Instant) report.get("from");
        report.put("alerts", alertLines(from, to));
        return report;
    }

    List<AlertLine> alertLines(Instant from, Instant to) {
        List<AlertLine> lines = new ArrayList<>();
        for (Alert alert : alerts.overlapping(from, to)) {
            Instant end = alert.resolvedAt() == null ? to : alert.resolvedAt();
            lines.add(new AlertLine(alert, Duration.between(alert.startedAt(), end).toSeconds(),
                                    alerts.history(alert.id())));
        }
        return lines;
    }

    /** The summary's rule lines as CSV. */
    String summaryCsv(int hours) {
        @SuppressWarnings("unchecked")
        List<RuleLine> lines = (List<RuleLine>) summary(hours).get("by_rule");
        StringBuilder csv = new StringBuilder("rule,alerts,fired,escalated,resolved,active,critical,warning,"
                                                      + "alert_seconds,mean_time_to_resolve_seconds\n");
        for (RuleLine line : lines) {
            Csv.row(csv, line.rule(), line.alerts(), line.fired(), line.escalated(), line.resolved(), line.active(),
                    line.critical(), line.warning(), line.alertSeconds(), line.meanTimeToResolveSeconds());
        }
        return csv.toString();
    }

    /** Every alert of the window as a CSV row. */
    String detailedCsv(int hours) {
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofHours(hours));
        StringBuilder csv = new StringBuilder("id,rule,signal,labels,severity,status,value,threshold,started_at,"
                                                      + "escalated_at,acknowledged_at,acknowledged_by,resolved_at,"
                                                      + "resolved_by,duration_seconds,message\n");
        for (AlertLine line : alertLines(from, to)) {
            Alert a = line.alert();
            Csv.row(csv, a.id(), a.rule(), a.signal(), Series.describe("", a.labels()), a.severity().label(),
                    a.status(), Statistics.round(a.value()), Statistics.round(a.threshold()), a.startedAt(),
                    a.escalatedAt(), a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), a.resolvedBy(),
                    line.durationSeconds(), a.message());
        }
        return csv.toString();
    }

    private List<RuleLine> byRule(List<Alert> overlapping, List<Alert.HistoryEntry> history, Instant from,
                                  Instant to) {
        Map<Long, String> ruleOf = new LinkedHashMap<>();
        overlapping.forEach(a -> ruleOf.put(a.id(), a.rule()));
        Map<String, List<Alert>> alertsByRule = new TreeMap<>();
        overlapping.forEach(a -> alertsByRule.computeIfAbsent(a.rule(), r -> new ArrayList<>()).add(a));
        List<RuleLine> lines = new ArrayList<>();
        alertsByRule.forEach((rule, list) -> {
            List<Alert.HistoryEntry> entries = history.stream().filter(h -> rule.equals(ruleOf.get(h.alertId())))
                    .toList();
            long seconds = 0;
            for (Alert alert : list) {
                Instant start = alert.startedAt().isBefore(from) ? from : alert.startedAt();
                Instant end = alert.resolvedAt() == null || alert.resolvedAt().isAfter(to) ? to : alert.resolvedAt();
                seconds += Math.max(0, Duration.between(start, end).toSeconds());
            }
            lines.add(new RuleLine(rule, list.size(), count(entries, Change.FIRED), count(entries, Change.ESCALATED),
                                   count(entries, Change.RESOLVED), (int) list.stream().filter(Alert::active).count(),
                                   (int) list.stream().filter(a -> a.severity() == Severity.CRITICAL).count(),
                                   (int) list.stream().filter(a -> a.severity() == Severity.WARNING).count(), seconds,
                                   mean(list.stream().filter(a -> a.resolvedAt() != null)
                                                .map(a -> Duration.between(a.startedAt(), a.resolvedAt())
                                                        .toSeconds()).toList())));
        });
        lines.sort((a, b) -> Integer.compare(b.alerts(), a.alerts()));
        return lines;
    }

    private Map<String, Long> deliveryCounts(Instant from) {
        return deliveries.countByOutcome(from);
    }

    private static int count(List<Alert.HistoryEntry> history, Change change) {
        return (int) history.stream().filter(h -> h.change() == change).count();
    }

    private static Long mean(List<Long> values) {
        return values.isEmpty() ? null : Math.round(values.stream().mapToLong(Long::longValue).average().orElse(0));
    }

    /** CSV cells per RFC 4180: quoted when they hold a comma, quote or line break. */
    static final class Csv {
        private Csv() {
        }

        static void row(StringBuilder csv, Object... cells) {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(cells[i]));
            }
            csv.append('\n');
        }

        static String cell(Object value) {
            if (value == null) {
                return "";
            }
            String text = value.toString();
            if (value instanceof String && !text.isEmpty() && "=+@-".indexOf(text.charAt(0)) >= 0
                    && !(text.length() > 1 && Character.isDigit(text.charAt(1)))) {
                // A spreadsheet would run it as a formula.
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
                return "\"" + text.replace("\"", "\"\"") + "\"";
            }
            return text;
        }
    }
}
