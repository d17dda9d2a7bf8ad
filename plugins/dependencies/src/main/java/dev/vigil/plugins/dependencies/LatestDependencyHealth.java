package dev.vigil.plugins.dependencies;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.vigil.api.services.DependencyHealth;

/** The {@link DependencyHealth} service: the latest report in brief, as {@code GET /report} shows it. */
final class LatestDependencyHealth implements DependencyHealth {

    private final Supplier<Report> report;

    LatestDependencyHealth(Supplier<Report> report) {
        this.report = report;
    }

    @Override
    public Optional<DependencyStatus> latest() {
        return status(report.get());
    }

    /** The report in brief; empty before any scan has stored findings. */
    static Optional<DependencyStatus> status(Report report) {
        if (!report.scanned()) {
            return Optional.empty();
        }
        // The report's summary counts: each vulnerability of each component, as GET /report shows them.
        Map<String, Integer> bySeverity = new LinkedHashMap<>(report.summary().vulnerabilities());
        bySeverity.remove("total");
        return Optional.of(new DependencyStatus(report.health().score(), report.vulnerabilitiesChecked(), bySeverity,
                                                report.summary().components(),
                                                report.summary().outdated().getOrDefault("total", 0),
                                                report.scannedAt(), report.message()));
    }
}
