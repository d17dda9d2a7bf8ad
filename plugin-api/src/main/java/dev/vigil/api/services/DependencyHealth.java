package dev.vigil.api.services;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The latest dependency findings in brief, offered by the dependency-scanning plugin while it runs (reports show
 * them). Look it up at each use.
 */
public interface DependencyHealth {

    /** The findings of the latest scans; empty before any scan has finished. */
    Optional<DependencyStatus> latest();

    /**
     * @param healthScore            0-100; null when vulnerabilities were not checked (a score without them would
     *                               read like a pass)
     * @param vulnerabilitiesChecked true only when every scanned target was checked against vulnerability data
     * @param vulnerabilities        by severity, most severe first ({@code critical}, {@code high}, {@code medium},
     *                               {@code low}, {@code unknown}, zeros included): each vulnerability of each
     *                               component, as {@code GET /api/v1/dependencies/report} counts them
     * @param components             components found
     * @param outdated               components with a newer version
     * @param lastScanAt             when the newest of the scanned targets was scanned
     * @param message                plain words when the findings are not the whole truth, else null
     */
    record DependencyStatus(Integer healthScore, boolean vulnerabilitiesChecked, Map<String, Integer> vulnerabilities,
                            int components, int outdated, Instant lastScanAt, String message) {
    }
}
