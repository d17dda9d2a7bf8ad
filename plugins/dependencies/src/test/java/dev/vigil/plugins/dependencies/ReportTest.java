package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void oneUncheckedTargetMakesTheWholeReportSaySoAndNamesIt() {
        TargetResult checked = target("server", true, null, HealthScoreTest.component(
                "a", "1.0", "/lib/a.jar", List.of(HealthScoreTest.vulnerability("CVE-1", Severity.HIGH)), null));
        TargetResult unchecked = target("plugin:x.zip", false, "the dependency-check database could not be used: "
                + "Old database schema", HealthScoreTest.component("b", "1.0", "/plugins/x.zip/lib/b.jar", List.of(),
                                                                   null));
        Report report = Report.of(List.of(checked, unchecked), null, NOW, "hint");

        assertFalse(report.vulnerabilitiesChecked());
        assertNull(report.health().score());
        assertEquals(List.of("plugin:x.zip"), report.vulnerabilityData().uncheckedTargets());
        assertTrue(report.message().startsWith("Vulnerabilities were NOT checked: the dependency-check database could "
                                                       + "not be used: Old database schema."), report.message());
        assertTrue(report.message().contains("(Not checked: plugin:x.zip.)"), report.message());
        assertEquals(1, report.vulnerabilities().size(), "what was found is still shown");
    }

    @Test
    void listsTheMostSevereFirstAndAnswersPlainlyBeforeAnyScan() {
        TargetResult result = target("server", true, null,
                HealthScoreTest.component("a", "1.0", "/lib/a.jar",
                                          List.of(HealthScoreTest.vulnerability("CVE-9", Severity.LOW),
                                                  HealthScoreTest.vulnerability("CVE-2", Severity.CRITICAL)), null),
                HealthScoreTest.component("b", "1.0", "/lib/b.jar",
                                          List.of(HealthScoreTest.vulnerability("CVE-5", Severity.HIGH)), null));
        Report report = Report.of(List.of(result), null, NOW, "hint");
        assertEquals(List.of("CVE-2", "CVE-5", "CVE-9"),
                     report.vulnerabilities().stream().map(Report.VulnerabilityView::id).toList());
        assertEquals(3, report.summary().vulnerabilities().get("total"));
        assertEquals(1, report.summary().vulnerabilities().get("critical"));

        Report empty = Report.of(List.of(), null, NOW, "POST /api/v1/dependencies/scan starts one.");
        assertFalse(empty.scanned());
        assertFalse(empty.vulnerabilitiesChecked());
        assertTrue(empty.message().startsWith("No scan has finished yet. POST /api/v1/dependencies/scan starts one."),
                   empty.message());
    }

    private static TargetResult target(String key, boolean checked, String problem, Component... components) {
        return new TargetResult(key, ScanTarget.Kind.PATH, "/" + key, null, -1, -1, NOW, checked,
                                checked ? "test database" : null, problem, null, null, List.of(components));
    }
}
