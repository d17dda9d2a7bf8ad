package dev.vigil.plugins.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.AlertHistory;
import dev.vigil.api.services.DependencyHealth;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.api.services.QueryFigures;
import dev.vigil.api.services.QueryInsights;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.api.services.ResourceUsage;
import dev.vigil.plugins.reports.Report.AlertRow;
import dev.vigil.plugins.reports.Report.AlertSection;
import dev.vigil.plugins.reports.Report.DependencySection;
import dev.vigil.plugins.reports.Report.DiskRow;
import dev.vigil.plugins.reports.Report.ErrorGroupRow;
import dev.vigil.plugins.reports.Report.ErrorSection;
import dev.vigil.plugins.reports.Report.FindingRow;
import dev.vigil.plugins.reports.Report.FingerprintRow;
import dev.vigil.plugins.reports.Report.Missing;
import dev.vigil.plugins.reports.Report.QuerySection;
import dev.vigil.plugins.reports.Report.RequestSection;
import dev.vigil.plugins.reports.Report.Spread;
import dev.vigil.plugins.reports.Report.SystemSection;

/**
 * Gathers a report through the other plugins' read services, looked up for each report (a plugin may stop or be
 * reloaded at any time) and never their tables. A section whose plugin is not running, or fails to answer, is left
 * out and named in {@link Report#missing()}.
 */
final class ReportBuilder {

    /** Rows of each "top" list in a summary. */
    static final int TOP = 10;

    private final ServiceLookup services;
    private final System.Logger log;

    ReportBuilder(ServiceLookup services, System.Logger log) {
        this.services = services;
        this.log = log;
    }

    /**
     * @param now     the end of the window
     * @param rowsCap the most rows of each list in a detailed report
     */
    Report build(String type, int hours, Instant now, int rowsCap) {
        boolean detailed = Report.DETAILED.equals(type);
        // From a minute boundary: the request and query figures are kept per minute, so the window says what they
        // count (a few seconds more than the hours asked for).
        Instant from = now.minus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.MINUTES);
        Report.Window window = new Report.Window(from, now, hours);
        int rows = detailed ? rowsCap : TOP;
        List<Missing> missing = new ArrayList<>();
        RequestSection requests = section("requests", missing,
                () -> services.find(RequestHistory.class).map(history -> RequestSummary.of(
                        history.endpointFigures(from, now), seconds(window), TOP, detailed ? rowsCap : null)));
        QuerySection queries = section("queries", missing, () -> queries(window, rows));
        ErrorSection errors = section("errors", missing,
                () -> services.find(ErrorHistory.class).map(history -> errors(history.window(from, now, rows))));
        SystemSection system = section("system", missing,
                () -> services.find(ResourceUsage.class).map(usage -> system(usage.usage(from, now))));
        AlertSection alerts = section("alerts", missing,
                () -> services.find(AlertHistory.class).map(history -> alerts(
                        history.window(from, now, detailed ? rowsCap : 0), detailed)));
        DependencySection dependencies = section("dependencies", missing,
                () -> services.find(DependencyHealth.class).map(health -> dependencies(health.latest())));
        return new Report(type, now, window, requests, queries, errors, system, alerts, dependencies,
                          List.copyOf(missing));
    }

    static double seconds(Report.Window window) {
        return Math.max(1, Duration.between(window.from(), window.to()).toMillis() / 1000.0);
    }

    /**
     * The section, or null with the reason added to {@code missing}. Each section is named as the plugin that owns
     * its data.
     */
    private <T> T section(String name, List<Missing> missing, Supplier<Optional<T>> gather) {
        try {
            Optional<T> section = gather.get();
            if (section.isEmpty()) {
                missing.add(new Missing(name, "plugin " + name + " is not running"));
            }
            return section.orElse(null);
        } catch (RuntimeException e) {
            // A plugin stopping while it answers, or its storage failing: the rest of the report still stands.
            log.log(System.Logger.Level.WARNING, "the " + name + " section of a report failed", e);
            missing.add(new Missing(name, "plugin " + name + " could not answer ("
                    + e.getClass().getSimpleName() + "); the server log has the details"));
            return null;
        }
    }

    private Optional<QuerySection> queries(Report.Window window, int rows) {
        Optional<QueryFigures> figures = services.find(QueryFigures.class);
        Optional<QueryInsights> insights = services.find(QueryInsights.class);
        if (figures.isEmpty() || insights.isEmpty()) {
            return Optional.empty();
        }
        QueryFigures.FingerprintWindow fingerprints = figures.get().fingerprints(window.from(), window.to(), rows);
        // Findings are kept with the last time they were seen: those seen in the window, monitored services only.
        List<QueryInsights.QueryFinding> seen = insights.get().findings().stream()
                .filter(f -> f.lastSeen() != null && !f.lastSeen().isBefore(window.from()))
                .filter(f -> !RequestEvent.OWN_SERVICE.equals(f.service()))
                .toList();
        return Optional.of(new QuerySection(
                fingerprints.statements(), Round.ms(fingerprints.totalTimeMs()), fingerprints.fingerprints(),
                seen.stream().filter(f -> "N_PLUS_ONE".equals(f.kind())).count(),
                seen.stream().filter(f -> "REPEATED_IDENTICAL".equals(f.kind())).count(),
                fingerprints.top().stream().map(f -> new FingerprintRow(
                        f.id(), f.text(), f.executions(), Round.ms(f.totalTimeMs()), Round.ms(f.avgMs()),
                        Round.ms(f.p95Ms()), Round.ms(f.maxMs()))).toList(),
                seen.stream().limit(rows).map(f -> new FindingRow(
                        f.kind().toLowerCase(Locale.ROOT), f.service(), f.endpoint(), f.fingerprint(), f.repeats(),
                        f.requests(), Round.ms(f.totalTimeMs()), f.lastSeen(), f.exampleSql())).toList()));
    }

    private static ErrorSection errors(ErrorHistory.ErrorWindow window) {
        Map<String, Long> byLevel = new LinkedHashMap<>();
        window.eventsByLevel().forEach((level, n) -> byLevel.put(level.toLowerCase(Locale.ROOT), n));
        return new ErrorSection(window.events(), byLevel, window.groups(), window.top().stream()
                .map(g -> new ErrorGroupRow(g.id(), g.service(), g.level().toLowerCase(Locale.ROOT), g.status(),
                                            g.exceptionType(), g.message(), g.events(), g.firstSeen(), g.lastSeen()))
                .toList());
    }

    private static SystemSection system(ResourceUsage.UsageWindow usage) {
        List<DiskRow> disks = new ArrayList<>();
        new TreeMap<>(usage.diskPercent()).forEach((mount, s) -> disks.add(
                new DiskRow(mount, Round.percent(s.min()), Round.percent(s.avg()), Round.percent(s.max()))));
        return new SystemSection(usage.host(), usage.samples(), spread(usage.cpuPercent()),
                                 spread(usage.memoryPercent()), disks);
    }

    private static Spread spread(ResourceUsage.Spread s) {
        return s == null ? null : new Spread(Round.percent(s.min()), Round.percent(s.avg()), Round.percent(s.max()));
    }

    private static AlertSection alerts(AlertHistory.AlertWindow window, boolean detailed) {
        return new AlertSection(window.fired(), window.firedBySeverity(), window.activeNow(), window.activeBySeverity(),
                                window.total(), detailed ? window.alerts().stream().map(a -> new AlertRow(
                a.id(), a.rule(), a.signal(), a.labels(), a.severity(), a.status(), a.value(), a.threshold(),
                a.startedAt(), a.acknowledgedAt(), a.resolvedAt(), a.message())).toList() : null);
    }

    private static DependencySection dependencies(Optional<DependencyHealth.DependencyStatus> latest) {
        if (latest.isEmpty()) {
            return new DependencySection(false, null, false, Map.of(), 0, 0, null,
                                         "no dependency scan has finished yet");
        }
        DependencyHealth.DependencyStatus s = latest.get();
        return new DependencySection(true, s.healthScore(), s.vulnerabilitiesChecked(), s.vulnerabilities(),
                                     s.components(), s.outdated(), s.lastScanAt(), s.message());
    }
}
