package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The packaged plugin, loaded through PF4J by a real kernel, scanning real jars over real HTTP. */
class DependenciesPluginIT {

    private static final Duration SCAN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void findsTheVulnerableVersionWithItsSeverityAndTheOutdatedOne(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        Path data = FixtureDatabase.copyInto(work.resolve("odc"));
        try (LoopbackServer repository = new LoopbackServer()
                .mavenMetadata("commons-collections", "commons-collections", "3.1", "3.2", "3.2.1", "3.2.2",
                               "20031027.000000", "20040616");
             TestServer server = TestServer.builder().pluginUnderTest().database(database)
                     .config("dependencies", config(data, repository, FixtureJars.vulnerable(), FixtureJars.fixed()))
                     .start()) {
            JsonNode job = scan(server);
            assertEquals(1.0, job.get("progress").asDouble());
            assertTrue(job.at("/result/vulnerabilities_checked").asBoolean(), job.toString());

            JsonNode vulnerabilities = viewer(server, "/api/v1/dependencies/vulnerabilities");
            assertTrue(vulnerabilities.get("vulnerabilities_checked").asBoolean());
            assertEquals(2, vulnerabilities.get("count").asInt(), vulnerabilities.toString());
            JsonNode critical = vulnerabilities.at("/vulnerabilities/0");
            assertEquals("CVE-2015-7501", critical.get("id").asText());
            assertEquals("CRITICAL", critical.get("severity").asText());
            assertEquals(9.8, critical.get("cvss_score").asDouble());
            assertEquals("3.2.1", critical.at("/component/version").asText());
            assertTrue(critical.get("description").asText().contains("Apache Commons Collections"));
            JsonNode high = vulnerabilities.at("/vulnerabilities/1");
            assertEquals("CVE-2015-6420", high.get("id").asText());
            assertEquals("HIGH", high.get("severity").asText());
            assertEquals(7.5, high.get("cvss_score").asDouble());
            for (JsonNode each : vulnerabilities.get("vulnerabilities")) {
                assertFalse(each.at("/component/file").asText().endsWith("3.2.2.jar"), "the fixed version is clean");
            }
            JsonNode onlyCritical = viewer(server, "/api/v1/dependencies/vulnerabilities?severity=critical");
            assertEquals(1, onlyCritical.get("count").asInt());

            JsonNode outdated = viewer(server, "/api/v1/dependencies/outdated");
            assertEquals(1, outdated.get("count").asInt(), outdated.toString());
            assertEquals("3.2.1", outdated.at("/outdated/0/version").asText());
            assertEquals("3.2.2", outdated.at("/outdated/0/latest_version").asText());
            assertEquals("PATCH", outdated.at("/outdated/0/update_type").asText());

            JsonNode components = viewer(server, "/api/v1/dependencies/components");
            assertEquals(2, components.get("count").asInt());
            for (JsonNode component : components.get("components")) {
                assertEquals("commons-collections", component.get("name").asText());
                assertTrue(component.get("licenses").toString().contains("LICENSE-2.0"), component.toString());
            }

            JsonNode report = viewer(server, "/api/v1/dependencies/report");
            // 100 - (25 critical + 10 high) - 0.5 patch = 64.5, rounded
            assertEquals(65, report.at("/health/score").asInt(), report.get("health").toString());
            assertEquals(2, report.at("/summary/components").asInt());
            assertTrue(report.get("vulnerabilities_checked").asBoolean());
            assertTrue(report.at("/vulnerability_data/sources/0").asText().contains(data.toString()));
            assertEquals(65.0, latestSignal(server, "dependencies.health_score"));
            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(1, metrics.value("vigil_dependencies_vulnerabilities", "severity", "critical"));
            assertEquals(1, metrics.value("vigil_dependencies_vulnerabilities", "severity", "high"));
            assertEquals(0, metrics.value("vigil_dependencies_vulnerabilities", "severity", "medium"));
            assertEquals(0.65, metrics.value("vigil_dependencies_health_ratio"), 1e-12);
            assertEquals(1, metrics.value("vigil_dependencies_vulnerabilities_checked"));
            assertEquals(1, metrics.value("vigil_dependencies_outdated_components", "update_type", "patch"));
            metrics.assertPromtoolFindsNothing();

            JsonNode scans = viewer(server, "/api/v1/dependencies/scans");
            assertEquals("FULL", scans.at("/scans/0/scope").asText());
            assertEquals(1, scans.at("/scans/0/critical").asInt());
            assertTrue(scans.at("/scans/0/duration_ms").isNumber(), scans.toString());

            server.restart(); // findings are stored, not only held in memory
            assertEquals(65, viewer(server, "/api/v1/dependencies/report").at("/health/score").asInt());
        }
    }

    @Test
    void withoutVulnerabilityDataEveryAnswerSaysPlainlyThatNothingWasChecked() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dependencies", "first-scan-delay: 0s\nscan-plugins: false\npaths: ['"
                        + FixtureJars.vulnerable() + "']\noutdated:\n  enabled: false\n")
                .start()) {
            // the scheduled first scan (delay 0s) runs without anyone asking
            JsonNode scans = TestServer.awaitValue(SCAN_TIMEOUT, "the scheduled scan", () -> {
                JsonNode history = viewer(server, "/api/v1/dependencies/scans");
                return history.get("scans").isEmpty() ? null : history;
            });
            assertEquals("schedule", scans.at("/scans/0/cause").asText());

            for (String path : List.of("/report", "/vulnerabilities", "/components", "/outdated", "/plugins")) {
                JsonNode answer = viewer(server, "/api/v1/dependencies" + path);
                assertFalse(answer.get("vulnerabilities_checked").asBoolean(), path);
                String message = answer.get("message").asText();
                assertTrue(message.startsWith("Vulnerabilities were NOT checked: no vulnerability data is configured"),
                           path + ": " + message);
                assertTrue(message.contains("data-directory") && message.contains("database.url")
                                   && message.contains("nvd-api-key"), message);
            }
            JsonNode report = viewer(server, "/api/v1/dependencies/report");
            assertTrue(report.at("/health/score").isNull(), "no score without vulnerability data");
            assertEquals(1, report.at("/summary/components").asInt());
            assertEquals("3.2.1", report.at("/components/0/version").asText());
            assertEquals(0.0, latestSignal(server, "dependencies.vulnerabilities_checked"));
            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(0, metrics.value("vigil_dependencies_vulnerabilities_checked"));
            assertTrue(metrics.labelsOf("vigil_dependencies_vulnerabilities").isEmpty(), "no count that reads 'none'");
            assertTrue(metrics.find("vigil_dependencies_health_ratio").isEmpty(), "no ratio without a score");
            assertEquals(1, metrics.value("vigil_dependencies_components"));
            metrics.assertPromtoolFindsNothing();
        }
    }

    @Test
    void aDroppedPluginIsScannedWhenItArrivesAndItsFindingsShownWithIt() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("odc"));
        Path risky = riskyPlugin(work.resolve("risky-1.0.0.zip"));
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dependencies", "first-scan-delay: 1d\ndata-directory: '" + data + "'\n"
                        + "outdated:\n  enabled: false\n")
                .start()) {
            assertFalse(viewer(server, "/api/v1/dependencies/report").get("scanned").asBoolean());
            server.installPlugin(risky, "risky-1.0.0.zip");

            JsonNode plugin = TestServer.awaitValue(SCAN_TIMEOUT, "the dropped plugin's findings", () -> {
                HttpResult answer = server.get("/api/v1/dependencies/plugins/risky", server.viewerToken());
                return answer.status() == 200 ? answer.json() : null;
            });
            assertTrue(plugin.get("vulnerabilities_checked").asBoolean());
            assertEquals(1, plugin.at("/vulnerability_counts/critical").asInt(), plugin.toString());
            assertEquals(1, plugin.at("/vulnerability_counts/high").asInt());
            assertTrue(plugin.get("file").asText().endsWith("risky-1.0.0.zip"));
            List<String> files = new ArrayList<>();
            plugin.get("components").forEach(c -> files.add(c.get("file").asText()));
            assertTrue(files.stream().anyMatch(f -> f.endsWith("risky-1.0.0.zip/lib/commons-collections-3.2.1.jar")),
                       files.toString());
            JsonNode listed = viewer(server, "/api/v1/dependencies/vulnerabilities?plugin=risky&severity=critical");
            assertEquals("CVE-2015-7501", listed.at("/vulnerabilities/0/id").asText());
            assertEquals("risky", listed.at("/vulnerabilities/0/component/plugin_id").asText());
            // The scan's history row is written just after its findings: wait for it rather than race it.
            JsonNode scan = TestServer.awaitValue(SCAN_TIMEOUT, "the plugin scan in the history", () -> {
                JsonNode scans = viewer(server, "/api/v1/dependencies/scans").get("scans");
                return scans.isEmpty() ? null : scans.get(0);
            });
            assertEquals("PLUGIN", scan.get("scope").asText(), scan.toString());

            server.removePlugin("risky-1.0.0.zip");
            TestServer.await(SCAN_TIMEOUT, "the removed plugin's findings to go", () -> server.get(
                    "/api/v1/dependencies/plugins/risky", server.viewerToken()).status() == 404);
        }
    }

    @Test
    void refusesBadRequestsNamingWhatIsWrong() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("dependencies", "first-scan-delay: 1d\n").start()) {
            HttpResult severity = server.get("/api/v1/dependencies/vulnerabilities?severity=urgent",
                                             server.viewerToken());
            assertEquals(400, severity.status());
            assertTrue(severity.errorMessage().contains("'severity'") && severity.errorMessage().contains("critical"),
                       severity.body());
            HttpResult type = server.get("/api/v1/dependencies/outdated?update_type=huge", server.viewerToken());
            assertEquals(400, type.status());
            assertTrue(type.errorMessage().contains("'update_type'"), type.body());
            assertEquals(404, server.get("/api/v1/dependencies/jobs/nope", server.viewerToken()).status());
            assertEquals(404, server.get("/api/v1/dependencies/plugins/nope", server.viewerToken()).status());
            assertEquals(404, server.get("/api/v1/dependencies/components?plugin=nope", server.viewerToken()).status());
            assertEquals(403, server.post("/api/v1/dependencies/scan", null, server.viewerToken()).status());
            assertEquals(401, server.get("/api/v1/dependencies/report", null).status());
        }
    }

    /** dependency-check's central-database mode, with its PostgreSQL schema in a schema of the test database. */
    @Test
    void readsACentralDependencyCheckDatabaseOnPostgresql() throws Exception {
        assumeTrue(TestDatabase.POSTGRESQL.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        String base = System.getenv(TestDatabase.POSTGRES_URL_VARIABLE);
        String schema = "odc_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (Connection connection = DriverManager.getConnection(base); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            FixtureDatabase.buildPostgres(url);
            try (TestServer server = TestServer.builder().pluginUnderTest()
                    .config("dependencies", "first-scan-delay: 1d\nscan-plugins: false\npaths: ['"
                            + FixtureJars.vulnerable() + "']\noutdated:\n  enabled: false\ndatabase:\n  url: '" + url
                            + "'\n  user: postgres\n")
                    .start()) {
                scan(server);
                JsonNode vulnerabilities = viewer(server, "/api/v1/dependencies/vulnerabilities");
                assertTrue(vulnerabilities.get("vulnerabilities_checked").asBoolean(), vulnerabilities.toString());
                assertEquals("CVE-2015-7501", vulnerabilities.at("/vulnerabilities/0/id").asText());
                assertTrue(vulnerabilities.at("/vulnerability_data/sources/0").asText()
                                   .startsWith("central dependency-check database jdbc:postgresql:"));
            }
        } finally {
            try (Connection connection = DriverManager.getConnection(base);
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /**
     * After everything the plugin does (vulnerability data downloaded from an NVD feed mirror and parsed by
     * dependency-check with the kernel's Jackson, a full scan with H2, newest-version lookups, a dropped plugin
     * scanned, every route answered), removing its file lets the JVM collect its class loader.
     */
    @Test
    void updatesFromAnNvdFeedWithTheKernelsJacksonAndUnloadsCleanly() throws Exception {
        Path zip = Path.of(System.getProperty("vigil.plugin.zip"));
        Path risky = riskyPlugin(work.resolve("risky-1.0.0.zip"));
        try (LoopbackServer repository = new LoopbackServer()
                .mavenMetadata("commons-collections", "commons-collections", "3.2.1", "3.2.2");
             LoopbackServer feed = NvdFeed.mirror(new LoopbackServer());
             TestServer server = TestServer.builder().pluginUnderTest()
                     .config("dependencies", "first-scan-delay: 1d\nauto-update: true\ndata-directory: '"
                             + work.resolve("nvd") + "'\nnvd-datafeed-url: '" + feed.uri() + "nvd/'\npaths: ['"
                             + FixtureJars.vulnerable() + "']\noutdated:\n  repository-url: '" + repository.uri()
                             + "'\n")
                     .start()) {
            scan(server);
            assertTrue(feed.requested().contains("/nvd/nvdcve-2015.json.gz"), feed.requested().toString());
            JsonNode found = viewer(server, "/api/v1/dependencies/vulnerabilities?target=" + java.net.URLEncoder.encode(
                    "path:" + FixtureJars.vulnerable(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("CVE-2015-7501", found.at("/vulnerabilities/0/id").asText(), found.toString());
            assertEquals("CRITICAL", found.at("/vulnerabilities/0/severity").asText());

            server.installPlugin(risky, "risky-1.0.0.zip");
            TestServer.await(SCAN_TIMEOUT, "the dropped plugin's findings", () -> server.get(
                    "/api/v1/dependencies/plugins/risky", server.viewerToken()).status() == 200);
            for (String path : List.of("/report", "/vulnerabilities", "/outdated", "/components", "/plugins",
                                       "/scans")) {
                viewer(server, "/api/v1/dependencies" + path);
            }

            server.removePlugin(zip.getFileName().toString());
            TestServer.await(Duration.ofSeconds(20), "the plugin to unload", () -> server.get(
                    "/api/v1/dependencies/report", server.viewerToken()).status() == 404);
            TestServer.await(Duration.ofSeconds(30), "the unloaded class loader to be collected", () -> {
                System.gc();
                return server.get("/api/v1/admin/status", server.viewerToken()).json().path("plugins")
                        .path("unreleased_class_loaders").asInt() == 0;
            });
        }
    }

    private static String config(Path data, LoopbackServer repository, Path... jars) {
        StringBuilder yaml = new StringBuilder("first-scan-delay: 1d\nscan-plugins: false\n");
        yaml.append("data-directory: '").append(data).append("'\npaths:\n");
        for (Path jar : jars) {
            yaml.append("  - '").append(jar).append("'\n");
        }
        if (repository == null) {
            yaml.append("outdated:\n  enabled: false\n");
        } else {
            yaml.append("outdated:\n  repository-url: '").append(repository.uri()).append("'\n  timeout: 2s\n");
        }
        return yaml.toString();
    }

    /** POST /scan, then polls the job until it ends; returns the finished job. */
    static JsonNode scan(TestServer server) {
        HttpResult started = server.post("/api/v1/dependencies/scan", null, server.adminToken());
        assertEquals(202, started.status(), started.body());
        String id = started.json().get("job_id").asText();
        assertEquals("/api/v1/dependencies/jobs/" + id, started.header("Location"));
        JsonNode job = TestServer.awaitValue(SCAN_TIMEOUT, "scan job " + id, () -> {
            JsonNode state = viewer(server, "/api/v1/dependencies/jobs/" + id);
            String value = state.get("state").asText();
            return value.equals("QUEUED") || value.equals("RUNNING") ? null : state;
        });
        assertEquals("SUCCEEDED", job.get("state").asText(), job.toString());
        return job;
    }

    static JsonNode viewer(TestServer server, String path) {
        HttpResult result = server.get(path, server.viewerToken());
        assertEquals(200, result.status(), path + ": " + result.body());
        return result.json();
    }

    static double latestSignal(TestServer server, String name) {
        JsonNode series = viewer(server, "/api/v1/admin/signals?name=" + name).get("series");
        for (JsonNode each : series) {
            if (each.get("labels").isEmpty()) {
                JsonNode points = each.get("points");
                assertNotNull(points);
                return points.get(points.size() - 1).get("value").asDouble();
            }
        }
        throw new AssertionError("no unlabelled series of " + name + ": " + series);
    }

    /** A plugin zip as a third party might ship it: its own jar and a vulnerable library in lib/. */
    private static Path riskyPlugin(Path zip) throws Exception {
        Path jar = PluginJarBuilder.plugin("risky", "1.0.0").source("test.risky.RiskyPlugin", """
                package test.risky;

                @org.pf4j.Extension
                public class RiskyPlugin implements dev.vigil.api.VigilPlugin {
                }
                """).build(zip.resolveSibling("risky.jar"));
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("plugin.properties"));
            out.write("plugin.id=risky\nplugin.version=1.0.0\nplugin.provider=tests\n".getBytes());
            out.putNextEntry(new ZipEntry("lib/risky.jar"));
            out.write(Files.readAllBytes(jar));
            out.putNextEntry(new ZipEntry("lib/commons-collections-3.2.1.jar"));
            out.write(Files.readAllBytes(FixtureJars.vulnerable()));
        }
        return zip;
    }
}
