package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.services.DependencyHealth.DependencyStatus;

import org.junit.jupiter.api.Test;

/** What other plugins read of the latest findings: the score, counts by severity and when, or nothing yet. */
class LatestDependencyHealthTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void givesTheScoreTheCountsBySeverityAndTheScanTime() {
        TargetResult result = target("server", true, null,
                HealthScoreTest.component("a", "1.0", "/lib/a.jar",
                                          List.of(HealthScoreTest.vulnerability("CVE-1", Severity.CRITICAL),
                                                  HealthScoreTest.vulnerability("CVE-2", Severity.LOW)),
                                          UpdateType.MINOR),
                HealthScoreTest.component("b", "2.0", "/lib/b.jar",
                                          List.of(HealthScoreTest.vulnerability("CVE-3", Severity.HIGH)), null));
        Report report = Report.of(List.of(result), null, NOW.plusSeconds(60), "hint");

        DependencyStatus status = LatestDependencyHealth.status(report).orElseThrow();
        assertEquals(report.health().score(), status.healthScore());
        assertEquals(100 - 25 - 10 - 1 - 1, status.healthScore());
        assertTrue(status.vulnerabilitiesChecked());
        assertEquals(Map.of("critical", 1, "high", 1, "medium", 0, "low", 1, "unknown", 0),
                     status.vulnerabilities());
        assertEquals(List.of("critical", "high", "medium", "low", "unknown"),
                     List.copyOf(status.vulnerabilities().keySet()), "most severe first");
        assertEquals(2, status.components());
        assertEquals(1, status.outdated());
        assertEquals(NOW, status.lastScanAt());
        assertNull(status.message());
    }

    @Test
    void saysWhenVulnerabilitiesWereNotCheckedAndGivesNothingBeforeAnyScan() {
        Report unchecked = Report.of(List.of(target("server", false, "no vulnerability data is configured",
                HealthScoreTest.component("a", "1.0", "/lib/a.jar", List.of(), null))), null, NOW, "hint");
        DependencyStatus status = new LatestDependencyHealth(() -> unchecked).latest().orElseThrow();
        assertNull(status.healthScore(), "no score without vulnerability data");
        assertFalse(status.vulnerabilitiesChecked());
        assertTrue(status.message().contains("no vulnerability data is configured"), status.message());

        assertTrue(new LatestDependencyHealth(() -> Report.of(List.of(), null, NOW, "hint")).latest().isEmpty());
    }

    private static TargetResult target(String key, boolean checked, String problem, Component... components) {
        return new TargetResult(key, ScanTarget.Kind.PATH, "/" + key, null, -1, -1, NOW, checked,
                                checked ? "test database" : null, problem, null, null, List.of(components));
    }
}
