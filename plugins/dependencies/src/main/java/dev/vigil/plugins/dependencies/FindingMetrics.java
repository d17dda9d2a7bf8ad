package dev.vigil.plugins.dependencies;

import java.util.List;
import java.util.Locale;

import dev.vigil.api.metrics.Metrics;

/**
 * The latest report's figures on {@code /metrics}, read at each scrape. As with the signals, vulnerability counts
 * and the health ratio are only shown when vulnerabilities were checked: a zero there would read as "none".
 */
final class FindingMetrics {

    private volatile Report latest;
    private volatile int licenseFindings;

    FindingMetrics(Metrics metrics) {
        metrics.gaugeReadAtScrape("vigil_dependencies_vulnerabilities_checked", "1 when the latest report checked "
                + "every component for known vulnerabilities, else 0.", List.of(), sink -> {
                    Report report = latest;
                    if (report != null) {
                        sink.set(report.vulnerabilitiesChecked() ? 1 : 0);
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_vulnerabilities", "Known vulnerabilities in the latest "
                + "report, by severity; absent when vulnerabilities were not checked.", List.of("severity"), sink -> {
                    Report report = checked();
                    if (report != null) {
                        for (Severity severity : Severity.values()) {
                            sink.set(report.health().vulnerabilities().getOrDefault(severity, 0), severity.label());
                        }
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_health_ratio", "The latest report's health score as a ratio "
                + "(1 healthy, 0 worst); absent when vulnerabilities were not checked.", List.of(), sink -> {
                    Report report = checked();
                    if (report != null && report.health().score() != null) {
                        sink.set(report.health().score() / 100.0);
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_components", "Components (libraries) in the latest report.",
                                  List.of(), sink -> {
                    Report report = latest;
                    if (report != null) {
                        sink.set(report.summary().components());
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_ecosystem_components", "Components in the latest report from "
                + "one package ecosystem (maven, pypi, npm, other).", List.of("ecosystem"), sink -> {
                    Report report = latest;
                    if (report != null) {
                        report.ecosystems().forEach((ecosystem, figures) -> sink.set(figures.components(), ecosystem));
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_ecosystem_vulnerabilities", "Known vulnerabilities in the "
                + "latest report in one package ecosystem, by severity; absent when vulnerabilities were not checked.",
                                  List.of("ecosystem", "severity"), sink -> {
                    Report report = checked();
                    if (report != null) {
                        report.ecosystems().forEach((ecosystem, figures) -> {
                            for (Severity severity : Severity.values()) {
                                sink.set(figures.vulnerabilities().get(severity.label()), ecosystem, severity.label());
                            }
                        });
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_license_findings", "Library versions whose licence is in "
                + "licenses.deny, in the latest report.", List.of(), sink -> {
                    if (latest != null) {
                        sink.set(licenseFindings);
                    }
                });
        metrics.gaugeReadAtScrape("vigil_dependencies_outdated_components", "Components with a newer version, by "
                + "the kind of update (major, minor, patch...).", List.of("update_type"), sink -> {
                    Report report = latest;
                    if (report != null) {
                        for (UpdateType type : UpdateType.values()) {
                            sink.set(report.health().outdated().getOrDefault(type, 0),
                                     type.name().toLowerCase(Locale.ROOT));
                        }
                    }
                });
    }

    /** Shows this report from now on. */
    void show(Report report, int licenseFindingLibraries) {
        licenseFindings = licenseFindingLibraries;
        latest = report;
    }

    private Report checked() {
        Report report = latest;
        return report != null && report.vulnerabilitiesChecked() ? report : null;
    }
}
