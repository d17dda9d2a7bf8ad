package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.vigil.api.Jobs;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real engine over the fixture Python and npm projects, with the fixture database and a local npm audit API. */
class EcosystemScanTest {

    private static final Jobs.Progress NO_PROGRESS = SilentProgress.NONE;

    /** One advisory for lodash 4.17.15 in the npm audit API's answer shape (trimmed from registry.npmjs.org). */
    private static final String AUDIT_ANSWER = """
            {"actions": [], "muted": [], "metadata": {"vulnerabilities": {"high": 1}},
             "advisories": {"1523": {
               "id": 1523, "github_advisory_id": "GHSA-p6mc-m468-83gw", "module_name": "lodash",
               "title": "Prototype Pollution in lodash", "severity": "high",
               "overview": "Versions of lodash prior to 4.17.19 are vulnerable to Prototype Pollution.",
               "vulnerable_versions": "<4.17.19", "patched_versions": ">=4.17.19", "recommendation": "Upgrade",
               "references": "- https://github.com/advisories/GHSA-p6mc-m468-83gw",
               "cwe": ["CWE-770"], "cves": ["CVE-2020-8203"], "access": "public",
               "created": "2019-07-10T19:45:23.000Z", "updated": "2022-02-10T23:30:59.000Z",
               "cvss": {"score": 7.4, "vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"},
               "findings": [{"version": "4.17.15", "paths": ["lodash"]}]}}}
            """;

    @TempDir
    Path work;

    @Test
    void aDjangoRequirementsFileAndAReactLockFileGetTheirNvdVulnerabilities() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        DependencyScanner.Outcome outcome = scan(config("data-directory: '" + data + "'\n"),
                                                 target("django", "django-app"), target("react", "react-app"));
        assertTrue(outcome.vulnerabilitiesChecked(), outcome.dataProblem());

        Component django = component(outcome, "path:django", "pkg:pypi/django@3.2.12");
        assertEquals(Ecosystem.PYPI, django.ecosystem());
        assertEquals("django", django.name());
        assertEquals("3.2.12", django.version());
        assertEquals(ProjectFilesTest.project("django-app").resolve("requirements.txt").toString(), django.file());
        assertEquals(List.of("CVE-2022-28346"), ids(django));
        assertEquals(Severity.CRITICAL, django.vulnerabilities().getFirst().severity());
        assertEquals("NVD", django.vulnerabilities().getFirst().source());
        assertEquals(List.of(), ids(component(outcome, "path:django", "pkg:pypi/psycopg2-binary@2.9.3")));

        Component lodash = component(outcome, "path:react", "pkg:npm/lodash@4.17.15");
        assertEquals(Ecosystem.NPM, lodash.ecosystem());
        assertEquals(List.of("CVE-2020-8203"), ids(lodash));
        assertEquals(7.4, lodash.vulnerabilities().getFirst().cvssScore());
        assertEquals(List.of("MIT"), lodash.licenses(), "the licence the lock file names, with no registry asked");
        assertEquals(List.of(), ids(component(outcome, "path:react", "pkg:npm/react@18.2.0")));
        assertEquals(8, components(outcome, "path:react").size(), "each package of the lock file once");

        Map<String, VulnerabilitySource> sources = sources(outcome);
        assertTrue(sources.get("NVD").checked());
        assertFalse(sources.get("Node Audit").checked());
        assertEquals("turned off (network-analyzers.node-audit: false)", sources.get("Node Audit").reason());
        assertFalse(sources.get("OSS Index").checked());
    }

    @Test
    void poetryLockAndInstalledDistributionsAreReadByDependencyChecksExperimentalAnalyzers() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        DependencyScanner.Outcome outcome = scan(config("data-directory: '" + data + "'\n"),
                                                 target("poetry", "poetry-app"),
                                                 target("installed", "installed-python"));
        Component locked = component(outcome, "path:poetry", "pkg:pypi/django@3.2.12");
        assertEquals(ProjectFilesTest.project("poetry-app").resolve("poetry.lock").toString(), locked.file());
        assertEquals(List.of("CVE-2022-28346"), ids(locked));
        component(outcome, "path:poetry", "pkg:pypi/asgiref@3.5.2");
        assertEquals(2, components(outcome, "path:poetry").size(), components(outcome, "path:poetry").toString());

        List<Component> installed = components(outcome, "path:installed");
        assertEquals(1, installed.size(), "dependency-check's reading and this plugin's are one: " + installed);
        assertEquals("pkg:pypi/django@3.2.12", installed.getFirst().purl());
        assertTrue(installed.getFirst().file().endsWith("Django-3.2.12.dist-info/METADATA"), installed.toString());
        assertEquals(List.of("CVE-2022-28346"), ids(installed.getFirst()));
    }

    @Test
    void nodeAuditAsksTheConfiguredApiAndItsAdvisoryIsShownWithSourceNpm() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        try (LoopbackServer audit = new LoopbackServer().answer("/-/npm/v1/security/audits",
                                                                LoopbackServer.Answer.ok(AUDIT_ANSWER))) {
            DependencyScanner.Outcome outcome = scan(config("data-directory: '" + data + "'\nnetwork-analyzers:\n"
                    + "  node-audit: true\n  node-audit-url: '" + audit.uri() + "-/npm/v1/security/audits'\n"),
                                                     target("react", "react-app"));
            assertTrue(audit.requested().contains("/-/npm/v1/security/audits"), audit.requested().toString());
            Component lodash = component(outcome, "path:react", "pkg:npm/lodash@4.17.15");
            Component.Vulnerability advisory = lodash.vulnerabilities().stream()
                    .filter(v -> "NPM".equals(v.source())).findFirst()
                    .orElseThrow(() -> new AssertionError("no NPM finding: " + lodash));
            assertEquals("GHSA-p6mc-m468-83gw", advisory.id());
            assertEquals(Severity.HIGH, advisory.severity());
            assertTrue(ids(lodash).contains("CVE-2020-8203"), "the NVD's finding stays: " + lodash);
            assertEquals("lodash", lodash.name());
            assertEquals(8, components(outcome, "path:react").size(), components(outcome, "path:react").toString());
            VulnerabilitySource nodeAudit = sources(outcome).get("Node Audit");
            assertTrue(nodeAudit.checked(), nodeAudit.reason());
        }
    }

    @Test
    void anUnreachableNodeAuditIsNotCheckedWithTheReasonAndTheScanStillSucceeds() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        LoopbackServer closed = new LoopbackServer();
        String url = closed.uri() + "-/npm/v1/security/audits";
        closed.close();
        DependencyScanner.Outcome outcome = scan(config("data-directory: '" + data + "'\nnetwork-analyzers:\n"
                + "  node-audit: true\n  node-audit-url: '" + url + "'\n"), target("react", "react-app"));
        assertTrue(outcome.vulnerabilitiesChecked(), outcome.dataProblem());
        assertEquals(List.of("CVE-2020-8203"), ids(component(outcome, "path:react", "pkg:npm/lodash@4.17.15")));
        VulnerabilitySource nodeAudit = sources(outcome).get("Node Audit");
        assertFalse(nodeAudit.checked());
        assertTrue(nodeAudit.reason().startsWith(url + " failed: "), nodeAudit.reason());
        assertTrue(nodeAudit.reason().contains("NPM Audit API"), nodeAudit.reason());
    }

    @Test
    void withoutVulnerabilityDataTheProjectsAreStillListedAndNoSourceIsChecked() throws Exception {
        DependencyScanner.Outcome outcome = scan(DependenciesConfig.DEFAULTS, target("yarn", "yarn-classic-app"),
                                                 target("pnpm", "pnpm-app"), target("pipenv", "pipenv-app"));
        assertFalse(outcome.vulnerabilitiesChecked());
        assertEquals(4, components(outcome, "path:yarn").size());
        assertEquals(4, components(outcome, "path:pnpm").size());
        assertEquals(3, components(outcome, "path:pipenv").size());
        assertTrue(outcome.sources().stream().noneMatch(VulnerabilitySource::checked), outcome.sources().toString());
    }

    private DependencyScanner.Outcome scan(DependenciesConfig config, ScanTarget... targets) throws Exception {
        DependencyScanner scanner = new DependencyScanner(work.resolve("plugin-data"), Clock.systemUTC(),
                                                          System.getLogger("test"));
        return scanner.scan(List.of(targets), config, NO_PROGRESS);
    }

    private static DependenciesConfig config(String yaml) throws Exception {
        return new YamlBinder().bindText("test", yaml, DependenciesConfig.class, DependenciesConfig.DEFAULTS);
    }

    private static ScanTarget target(String key, String project) throws Exception {
        return new ScanTarget("path:" + key, ScanTarget.Kind.PATH, ProjectFilesTest.project(project), null);
    }

    private static List<Component> components(DependencyScanner.Outcome outcome, String target) {
        return outcome.results().stream().filter(r -> r.key().equals(target)).findFirst().orElseThrow().components();
    }

    private static Component component(DependencyScanner.Outcome outcome, String target, String purl) {
        List<Component> found = components(outcome, target).stream().filter(c -> purl.equals(c.purl())).toList();
        assertEquals(1, found.size(), purl + " in " + components(outcome, target));
        return found.getFirst();
    }

    private static List<String> ids(Component component) {
        return component.vulnerabilities().stream().map(Component.Vulnerability::id).toList();
    }

    private static Map<String, VulnerabilitySource> sources(DependencyScanner.Outcome outcome) {
        return outcome.sources().stream().collect(Collectors.toMap(VulnerabilitySource::name, s -> s));
    }
}
