package dev.vigil.plugins.dependencies;

import static dev.vigil.plugins.dependencies.DependenciesPluginIT.scan;
import static dev.vigil.plugins.dependencies.DependenciesPluginIT.viewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin in a real kernel, with {@code paths} naming a Django project (requirements.txt) and a React
 * project (package-lock.json v3), the fixture database holding a Django and a lodash CVE, and PyPI and npm served
 * over loopback with the answers of django, react, react-dom and lodash (other packages are unknown there: 404).
 */
class PythonAndNpmProjectsIT {

    @TempDir
    Path work;

    @Test
    void aDjangoAndAReactProjectAreListedWithTheirVulnerabilitiesOutdatedVersionsAndEcosystems() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("odc"));
        Path django = ProjectFilesTest.project("django-app");
        Path react = ProjectFilesTest.project("react-app");
        try (LoopbackServer registries = OutdatedCheckerTest.registries(new LoopbackServer());
             TestServer server = TestServer.builder().pluginUnderTest()
                .config("dependencies", "first-scan-delay: 1d\nscan-server: false\nscan-plugins: false\n"
                        + "data-directory: '" + data + "'\npaths:\n  - '" + django + "'\n  - '" + react + "'\n"
                        + "outdated:\n  registries:\n    pypi: '" + registries.uri() + "pypi'\n"
                        + "    npm: '" + registries.uri() + "npm'\n")
                .start()) {
            JsonNode job = scan(server);
            assertTrue(job.at("/result/vulnerabilities_checked").asBoolean(), job.toString());

            JsonNode pypi = viewer(server, "/api/v1/dependencies/components?ecosystem=pypi");
            assertEquals(List.of("pkg:pypi/celery@5.2.7", "pkg:pypi/django@3.2.12", "pkg:pypi/djangorestframework@3.13.1",
                                 "pkg:pypi/pillow@9.0.1", "pkg:pypi/psycopg2-binary@2.9.3",
                                 "pkg:pypi/python-dateutil@2.8.2"),
                         sorted(pypi.get("components"), "purl"));
            for (JsonNode component : pypi.get("components")) {
                assertEquals("pypi", component.get("ecosystem").asText(), component.toString());
                assertEquals("path:" + django, component.get("target").asText());
            }
            JsonNode npm = viewer(server, "/api/v1/dependencies/components?ecosystem=npm");
            assertEquals(8, npm.get("count").asInt(), npm.toString());
            assertEquals(0, viewer(server, "/api/v1/dependencies/components?ecosystem=maven").get("count").asInt());

            JsonNode vulnerabilities = viewer(server, "/api/v1/dependencies/vulnerabilities");
            assertEquals(2, vulnerabilities.get("count").asInt(), vulnerabilities.toString());
            JsonNode critical = vulnerabilities.at("/vulnerabilities/0");
            assertEquals("CVE-2022-28346", critical.get("id").asText());
            assertEquals("CRITICAL", critical.get("severity").asText());
            assertEquals("pypi", critical.at("/component/ecosystem").asText());
            assertEquals("pkg:pypi/django@3.2.12", critical.at("/component/purl").asText());
            assertEquals(django.resolve("requirements.txt").toString(), critical.at("/component/file").asText());
            JsonNode high = vulnerabilities.at("/vulnerabilities/1");
            assertEquals("CVE-2020-8203", high.get("id").asText());
            assertEquals("npm", high.at("/component/ecosystem").asText());
            assertEquals("pkg:npm/lodash@4.17.15", high.at("/component/purl").asText());
            JsonNode npmOnly = viewer(server, "/api/v1/dependencies/vulnerabilities?ecosystem=npm");
            assertEquals(1, npmOnly.get("count").asInt());
            assertEquals("CVE-2020-8203", npmOnly.at("/vulnerabilities/0/id").asText());

            HttpResult bad = server.get("/api/v1/dependencies/components?ecosystem=cobol", server.adminToken());
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.body().contains("query parameter 'ecosystem' must be one or more of [maven, npm, other, "
                                                   + "pypi]"), bad.body());

            JsonNode report = viewer(server, "/api/v1/dependencies/report");
            // 100 - 25 (critical) - 10 (high) - 3 majors behind (django, react, react-dom) x 3 - lodash's patch x 0.5
            assertEquals(56, report.at("/health/score").asInt(), report.get("health").toString());
            assertEquals(6, report.at("/ecosystems/pypi/components").asInt());
            assertEquals(1, report.at("/ecosystems/pypi/vulnerabilities/critical").asInt());
            assertEquals(1, report.at("/ecosystems/npm/vulnerabilities/high").asInt());
            JsonNode sources = report.get("vulnerability_sources");
            assertEquals("NVD", sources.at("/0/name").asText());
            assertTrue(sources.at("/0/checked").asBoolean(), sources.toString());
            assertEquals("Node Audit", sources.at("/2/name").asText());
            assertFalse(sources.at("/2/checked").asBoolean());
            assertEquals("turned off (network-analyzers.node-audit: false)", sources.at("/2/reason").asText());
            JsonNode scans = viewer(server, "/api/v1/dependencies/scans");
            assertEquals(sources, scans.at("/scans/0/vulnerability_sources"));

            JsonNode outdated = viewer(server, "/api/v1/dependencies/outdated");
            assertNewest(outdated, "pkg:pypi/django@3.2.12", "5.1.4", "MAJOR");
            assertNewest(outdated, "pkg:npm/lodash@4.17.15", "4.17.21", "PATCH");
            assertNewest(outdated, "pkg:npm/react@18.2.0", "19.1.0", "MAJOR");
            JsonNode celery = find(outdated.get("not_determined"), "pkg:pypi/celery@5.2.7");
            assertEquals("UNKNOWN", celery.get("status").asText(), celery.toString());

            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(1, metrics.value("vigil_dependencies_ecosystem_vulnerabilities", "ecosystem", "pypi",
                                          "severity", "critical"));
            assertEquals(1, metrics.value("vigil_dependencies_ecosystem_vulnerabilities", "ecosystem", "npm",
                                          "severity", "high"));
            assertEquals(8, metrics.value("vigil_dependencies_ecosystem_components", "ecosystem", "npm"));
            metrics.assertPromtoolFindsNothing();
        }
    }

    /** An outdated component of the answer, by its package URL, with its newest version and the kind of update. */
    private static void assertNewest(JsonNode outdated, String purl, String latest, String updateType) {
        JsonNode component = find(outdated.get("outdated"), purl);
        assertEquals(latest, component.get("latest_version").asText(), component.toString());
        assertEquals(updateType, component.get("update_type").asText(), component.toString());
        assertTrue(component.hasNonNull("latest_released_at"), component.toString());
    }

    private static JsonNode find(JsonNode items, String purl) {
        for (JsonNode item : items) {
            if (purl.equals(item.path("purl").asText())) {
                return item;
            }
        }
        throw new AssertionError(purl + " is not among " + items);
    }

    private static List<String> sorted(JsonNode items, String field) {
        List<String> values = new ArrayList<>();
        items.forEach(item -> values.add(item.get(field).asText()));
        values.sort(null);
        return values;
    }
}
