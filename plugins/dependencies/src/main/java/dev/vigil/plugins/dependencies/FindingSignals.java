package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;

/**
 * Publishes the report's figures as signals after every scan, and hands the report to the {@link FindingMetrics}.
 * Vulnerability counts and the health score are only published when vulnerabilities were checked: a zero there would
 * read as "no vulnerabilities" to an alert rule. {@code dependencies.vulnerabilities_checked} (1 or 0) says which it
 * is.
 */
final class FindingSignals {

    static final String VULNERABILITIES_CHECKED = "dependencies.vulnerabilities_checked";
    static final String OUTDATED_COMPONENTS = "dependencies.outdated_components";
    static final String COMPONENTS = "dependencies.components";
    static final String LICENSE_FINDINGS = "dependencies.license_findings";

    private final Signals signals;
    private final FindingMetrics metrics;

    FindingSignals(Signals signals, FindingMetrics metrics) {
        this.signals = signals;
        this.metrics = metrics;
    }

    /** {@code licenseFindings}: distinct library versions with a denied licence. */
    void publish(Report report, int licenseFindings, Instant now) {
        metrics.show(report, licenseFindings);
        signals.publish(LICENSE_FINDINGS, Map.of(), licenseFindings, now);
        signals.publish(VULNERABILITIES_CHECKED, Map.of(), report.vulnerabilitiesChecked() ? 1 : 0, now);
        signals.publish(COMPONENTS, Map.of(), report.summary().components(), now);
        report.ecosystems().forEach((ecosystem, figures) -> signals.publish(COMPONENTS, Map.of("ecosystem", ecosystem),
                                                                            figures.components(), now));
        HealthScore.Health health = report.health();
        int outdatedTotal = 0;
        for (UpdateType type : UpdateType.values()) {
            int count = health.outdated().getOrDefault(type, 0);
            outdatedTotal += count;
            signals.publish(OUTDATED_COMPONENTS, Map.of("update_type", type.name().toLowerCase(Locale.ROOT)), count,
                            now);
        }
        signals.publish(OUTDATED_COMPONENTS, Map.of(), outdatedTotal, now);
        if (!report.vulnerabilitiesChecked()) {
            return;
        }
        int total = 0;
        for (Severity severity : Severity.values()) {
            int count = health.vulnerabilities().getOrDefault(severity, 0);
            total += count;
            signals.publish(SignalCatalog.DEPENDENCIES_VULNERABILITIES, Map.of("severity", severity.label()), count,
                            now);
        }
        signals.publish(SignalCatalog.DEPENDENCIES_VULNERABILITIES, Map.of(), total, now);
        report.ecosystems().forEach((ecosystem, figures) -> signals.publish(
                SignalCatalog.DEPENDENCIES_VULNERABILITIES, Map.of("ecosystem", ecosystem),
                figures.vulnerabilities().get("total"), now));
        signals.publish(SignalCatalog.DEPENDENCIES_HEALTH_SCORE, Map.of(), health.score(), now);
    }
}
