package dev.vigil.plugins.dependencies;

import static dev.vigil.plugins.dependencies.DependenciesPluginIT.latestSignal;
import static dev.vigil.plugins.dependencies.DependenciesPluginIT.scan;
import static dev.vigil.plugins.dependencies.DependenciesPluginIT.viewer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real scan, through the packaged plugin in a real kernel, of a React project's {@code package-lock.json} (one that
 * names no licences, as npm 6 wrote them: they come from the registry) and a jar, with the npm registry served over loopback and the Maven
 * repository unreachable: outdated states, licences from the registry, a denied licence as a finding; then, with the
 * npm registry gone, the stored answers with their age.
 */
class RegistriesAndLicensesIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void npmComponentsShowTheirNewestVersionsAndLicencesAndADeniedLicenceIsAFinding(TestDatabase database)
            throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        Path project = reactProject(work.resolve("shop-web"));
        int closed = closedPort();
        LoopbackServer npm = OutdatedCheckerTest.registries(new LoopbackServer());
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database)
                .config("dependencies", "first-scan-delay: 1d\nscan-server: false\nscan-plugins: false\n"
                        + "paths: ['" + project + "', '" + FixtureJars.vulnerable() + "']\n"
                        + "outdated:\n  repository-url: http://127.0.0.1:" + closed + "/maven2/\n"
                        + "  registries:\n    npm: '" + npm.uri() + "npm/'\n    pypi: http://127.0.0.1:" + closed
                        + "/pypi\n  timeout: 2s\n"
                        + "licenses:\n  deny: [GPL-2.0-or-later, GPL-3.0-or-later]\n")
                .start()) {
            scan(server);

            Map<String, JsonNode> components = byName(viewer(server, "/api/v1/dependencies/components"));
            assertOutdated(components.get("react"), "18.2.0", "19.1.0", "MAJOR");
            assertEquals("2025-03-28T19:59:42.053Z", components.get("react").at("/outdated/latest_released_at").asText());
            assertEquals("2022-06-14T19:46:38.369Z",
                         components.get("react").at("/outdated/current_released_at").asText());
            assertOutdated(components.get("react-dom"), "18.2.0", "19.1.0", "MAJOR");
            assertOutdated(components.get("lodash"), "4.17.15", "4.17.21", "PATCH");
            assertOutdated(components.get("jszip"), "3.7.1", "3.10.1", "MINOR");
            assertOutdated(components.get("@babel/core"), "7.24.0", "7.26.10", "MINOR");
            assertOutdated(components.get("ckeditor5"), "41.4.2", "44.3.0", "MAJOR");
            assertEquals("[\"GPL-2.0-or-later\"]", components.get("ckeditor5").get("licenses").toString());
            // the Maven repository refuses: the jar is not checked, says why, and the scan went on
            JsonNode jar = components.get("commons-collections");
            assertEquals("NOT_CHECKED", jar.at("/outdated/status").asText(), jar.toString());
            assertTrue(jar.at("/outdated/error").asText().contains("cannot connect to 127.0.0.1:" + closed),
                       jar.toString());

            JsonNode denied = viewer(server, "/api/v1/dependencies/licenses?denied=true");
            assertEquals(1, denied.get("count").asInt(), denied.toString());
            JsonNode ckeditor = denied.at("/components/0");
            assertEquals("ckeditor5", ckeditor.get("name").asText());
            assertEquals("npm", ckeditor.get("ecosystem").asText());
            assertEquals("registry", ckeditor.get("license_source").asText());
            assertEquals("[\"GPL-2.0-or-later\"]", ckeditor.get("denied_by").toString());
            // jszip may be taken under MIT: not a finding
            Map<String, JsonNode> licences = byName(viewer(server, "/api/v1/dependencies/licenses"));
            assertEquals("[\"(MIT OR GPL-3.0-or-later)\"]", licences.get("jszip").get("licenses").toString());
            assertFalse(licences.get("jszip").get("denied").asBoolean());
            assertEquals(licences.size() - 1,
                         viewer(server, "/api/v1/dependencies/licenses?denied=false").get("count").asInt());

            JsonNode report = viewer(server, "/api/v1/dependencies/report");
            assertEquals(1, report.at("/summary/license_findings").asInt(), report.get("summary").toString());
            assertEquals("ckeditor5", report.at("/license_findings/0/name").asText());
            assertEquals(1, viewer(server, "/api/v1/dependencies/scans").at("/scans/0/license_findings").asInt());
            assertEquals(1.0, latestSignal(server, "dependencies.license_findings"));
            assertEquals(1, ScrapedMetrics.of(server).value("vigil_dependencies_license_findings"));
            JsonNode outdated = viewer(server, "/api/v1/dependencies/outdated");
            assertEquals(npm.uri() + "npm", outdated.at("/registries/npm").asText());
            assertTrue(outdated.get("not_determined").toString().contains("commons-collections"));

            HttpResult bad = server.get("/api/v1/dependencies/licenses?denied=maybe", server.viewerToken());
            assertEquals(400, bad.status());
            assertTrue(bad.errorMessage().contains("'denied'"), bad.body());

            // the registry goes away: the next scan shows its last answer, and how old it is
            npm.close();
            scan(server);
            JsonNode react = byName(viewer(server, "/api/v1/dependencies/components")).get("react");
            assertEquals("NOT_CHECKED", react.at("/outdated/status").asText(), react.toString());
            assertTrue(react.at("/outdated/error").asText().contains("cannot connect to"), react.toString());
            assertEquals("19.1.0", react.at("/outdated/cached/latest_version").asText(), react.toString());
            assertEquals("MAJOR", react.at("/outdated/cached/update_type").asText());
            assertTrue(react.at("/outdated/cached/age_seconds").asLong() >= 0);
            assertEquals("registry-cache", byName(viewer(server, "/api/v1/dependencies/licenses")).get("react")
                    .get("license_source").asText());
            // the finding stays: the licence came from the stored answer
            assertEquals(1, viewer(server, "/api/v1/dependencies/licenses?denied=true").get("count").asInt());
        } finally {
            npm.close();
        }
    }

    @Test
    void noRegistryNoDenyListStillListsEveryLicence() throws Exception {
        Path project = reactProject(work.resolve("shop-web"));
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dependencies", "first-scan-delay: 1d\nscan-server: false\nscan-plugins: false\n"
                        + "paths: ['" + FixtureJars.vulnerable() + "', '" + project + "']\n"
                        + "outdated:\n  enabled: false\n")
                .start()) {
            scan(server);
            JsonNode all = viewer(server, "/api/v1/dependencies/licenses");
            assertEquals(0, all.get("license_findings").asInt());
            Map<String, JsonNode> licences = byName(all);
            // dependency-check's licence for the jar; nothing asked of a registry
            assertEquals("dependency-check", licences.get("commons-collections").get("license_source").asText());
            assertTrue(licences.get("commons-collections").get("licenses").toString().contains("LICENSE-2.0"));
            assertEquals("NOT_CHECKED", byName(viewer(server, "/api/v1/dependencies/components")).get("react")
                    .at("/outdated/status").asText());
        }
    }

    private static void assertOutdated(JsonNode component, String version, String latest, String type) {
        assertEquals(version, component.get("version").asText(), component.toString());
        assertEquals("OUTDATED", component.at("/outdated/status").asText(), component.toString());
        assertEquals(latest, component.at("/outdated/latest_version").asText(), component.toString());
        assertEquals(type, component.at("/outdated/update_type").asText(), component.toString());
    }

    private static Map<String, JsonNode> byName(JsonNode listing) {
        Map<String, JsonNode> byName = new HashMap<>();
        listing.get("components").forEach(c -> byName.put(c.get("name").asText(), c));
        return byName;
    }

    /** The fixture project, with the node_modules directory the Node package analyzer insists on. */
    private static Path reactProject(Path directory) throws Exception {
        Files.createDirectories(directory.resolve("node_modules"));
        for (String file : new String[] {"package.json", "package-lock.json"}) {
            try (InputStream in = RegistriesAndLicensesIT.class.getResourceAsStream("/lockfile-app/" + file)) {
                Files.copy(in, directory.resolve(file));
            }
        }
        return directory;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
