package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vigil.plugins.dependencies.Component.OutdatedState;

import org.junit.jupiter.api.Test;

class HealthScoreTest {

    @Test
    void appliesTheDocumentedFormula() {
        List<Component> components = List.of(
                component("a", "1.0", "/lib/a.jar", List.of(vulnerability("CVE-1", Severity.CRITICAL),
                                                            vulnerability("CVE-2", Severity.HIGH)), UpdateType.MAJOR),
                component("b", "2.0", "/lib/b.jar", List.of(vulnerability("CVE-3", Severity.MEDIUM),
                                                            vulnerability("CVE-4", Severity.LOW)), UpdateType.PATCH),
                component("c", "1.0", "/lib/c.jar", List.of(), UpdateType.MINOR));
        HealthScore.Health health = HealthScore.of(components, true);
        // 100 - (25 + 10 + 4 + 1) - (3 + 0.5 + 1) = 55.5, rounded
        assertEquals(40.0, health.vulnerabilityPenalty());
        assertEquals(4.5, health.outdatedPenalty());
        assertEquals(56, health.score());
    }

    @Test
    void countsOneLibraryVersionOnceWhereverItLies() {
        List<Component> copies = List.of(
                component("a", "1.0", "/lib/a.jar", List.of(vulnerability("CVE-1", Severity.HIGH)), null),
                component("a", "1.0", "/plugins/x.zip/lib/a.jar", List.of(vulnerability("CVE-1", Severity.HIGH)),
                          null));
        assertEquals(90, HealthScore.of(copies, true).score());
    }

    @Test
    void countsEveryEcosystemAndOnePackageOnceAcrossLockFilesButNotSameNamesOfDifferentEcosystems() {
        Component.Vulnerability critical = vulnerability("CVE-2022-28346", Severity.CRITICAL);
        Component.Vulnerability high = vulnerability("CVE-2020-8203", Severity.HIGH);
        List<Component> components = List.of(
                packageComponent("pkg:pypi/django@3.2.12", "/app/requirements.txt", critical),
                packageComponent("pkg:pypi/django@3.2.12", "/app/poetry.lock", critical),
                packageComponent("pkg:npm/lodash@4.17.15", "/web/package-lock.json", high),
                packageComponent("pkg:npm/lodash@4.17.15", "/web/node_modules", high),
                // another world's "lodash" is another library
                packageComponent("pkg:pypi/lodash@4.17.15", "/app/requirements.txt", high));
        HealthScore.Health health = HealthScore.of(components, true);
        assertEquals(25.0 + 10 + 10, health.vulnerabilityPenalty());
        assertEquals(55, health.score());

        Map<String, Report.EcosystemFigures> ecosystems = Report.ecosystems(components, true);
        assertEquals(List.of("maven", "pypi", "npm", "other"), List.copyOf(ecosystems.keySet()));
        assertEquals(3, ecosystems.get("pypi").components());
        assertEquals(2, ecosystems.get("pypi").vulnerabilities().get("total"));
        assertEquals(1, ecosystems.get("pypi").vulnerabilities().get("critical"));
        assertEquals(1, ecosystems.get("npm").vulnerabilities().get("total"));
        assertEquals(0, ecosystems.get("maven").components());
        assertNull(Report.ecosystems(components, false).get("npm").vulnerabilities(), "not checked is not zero");
    }

    private static Component packageComponent(String purl, String file, Component.Vulnerability vulnerability) {
        String nameAndVersion = purl.substring(purl.indexOf('/') + 1);
        return new Component(nameAndVersion.substring(0, nameAndVersion.indexOf('@')), null, null,
                             nameAndVersion.substring(nameAndVersion.indexOf('@') + 1), file, List.of(), null, purl,
                             List.of(), List.of(vulnerability), null);
    }

    @Test
    void capsEachPenaltySoNeitherHidesTheOther() {
        List<Component> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(component("lib" + i, "1.0", "/lib/" + i + ".jar",
                               List.of(vulnerability("CVE-" + i, Severity.CRITICAL)), UpdateType.MAJOR));
        }
        HealthScore.Health health = HealthScore.of(many, true);
        assertEquals(70.0, health.vulnerabilityPenalty());
        assertEquals(30.0, health.outdatedPenalty());
        assertEquals(0, health.score());
    }

    @Test
    void givesNoScoreWhenVulnerabilitiesWereNotChecked() {
        HealthScore.Health health = HealthScore.of(
                List.of(component("a", "1.0", "/lib/a.jar", List.of(), UpdateType.MAJOR)), false);
        assertNull(health.score());
        assertFalse(health.complete());
        assertEquals(97, health.outdatedOnlyScore());
    }

    static Component component(String name, String version, String file, List<Component.Vulnerability> vulnerabilities,
                               UpdateType outdated) {
        OutdatedState state = outdated == null ? new OutdatedState(OutdatedState.Status.CURRENT, version, null, null)
                : new OutdatedState(OutdatedState.Status.OUTDATED, "9.9", outdated, null);
        return new Component(name, "org.example", name, version, file, List.of(), null,
                             "pkg:maven/org.example/" + name + "@" + version, List.of(), vulnerabilities, state);
    }

    static Component.Vulnerability vulnerability(String id, Severity severity) {
        return new Component.Vulnerability(id, 5.0, "3.1", severity, "test", "NVD", null, false);
    }
}
