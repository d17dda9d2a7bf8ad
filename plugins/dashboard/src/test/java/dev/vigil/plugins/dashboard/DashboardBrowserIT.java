package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person uses it: a real Vigil server with the dashboard, every concern plugin whose zip the
 * build produced, and generated data; then {@code web/e2e/run.mjs} drives Debian's Chromium through every page
 * (see that script for what it checks). Screenshots land in {@code target/screenshots}.
 */
class DashboardBrowserIT {

    /** The test's dashboard config; the browser script appends a short refresh-interval when it tests refreshing. */
    static final String DASHBOARD_CONFIG = "stream-keepalive: 2s\nslow-resource-ms: 800\nagent-flush-interval: 2s\n";

    /** The alert rule this test makes fire, for the browser to acknowledge. */
    static final String ALERT_RULE = "e2e-feeder-load";

    @TempDir
    Path temp;

    @Test
    void aPersonSignsInOpensEveryPageSeesLiveUpdatesAndBrowserVitals() throws Exception {
        assumeFalse(Boolean.getBoolean("dashboard.e2e.skip"), "dashboard.e2e.skip is set");
        Path chromium = Path.of(System.getProperty("dashboard.chromium", "/usr/bin/chromium"));
        assertTrue(Files.isExecutable(chromium), chromium + " is missing: apt-get install -y chromium chromium-driver "
                + "(or run with -Ddashboard.e2e.skip=true)");
        Path web = Path.of(System.getProperty("dashboard.web.dir"));
        assertTrue(Files.isDirectory(web.resolve("node_modules/playwright-core")),
                   "playwright-core is not installed in " + web + ": the build runs npm ci there");

        List<Path> concernZips = ConcernPlugins.zips(Path.of(System.getProperty("dashboard.concern.zips")));
        System.out.println("concern plugins under test: " + concernZips);
        TestServer.Builder builder = TestServer.builder().pluginUnderTest().plugin(FeederPlugin.build(temp))
                .config("dashboard", DASHBOARD_CONFIG + "refresh-interval: 1h\n")
                // the dependencies page with npm packages and a licence finding, and no registry asked
                .config("dependencies", "first-scan-delay: 1d\npaths: ['" + web.resolve("package-lock.json") + "']\n"
                        + "outdated:\n  enabled: false\nlicenses:\n  deny: [Apache-2.0]\n");
        concernZips.forEach(builder::plugin);
        try (TestServer server = builder.start()) {
            JsonNode plugins = server.get("/api/v1/admin/plugins", server.viewerToken()).json().get("plugins");
            plugins.forEach(p -> System.out.println("  plugin " + p.get("id").asText() + ": " + p.get("state").asText()
                                                            + (p.get("error").isNull() ? "" : " (" + p.get("error").asText() + ")")));
            new DataSeeder(server).seed(ALERT_RULE);

            Path screenshots = Path.of(System.getProperty("dashboard.screenshots", "target/screenshots"));
            Files.createDirectories(screenshots);
            try (var old = Files.list(screenshots)) { // pictures of an earlier run would mislead
                for (Path file : old.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Path log = screenshots.resolve("e2e.log");
            ProcessBuilder node = new ProcessBuilder(System.getProperty("node.executable", "node"), "e2e/run.mjs")
                    .directory(web.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = node.environment();
            env.put("VIGIL_URL", server.uri("").toString());
            env.put("VIGIL_ADMIN_TOKEN", server.adminToken());
            env.put("VIGIL_VIEWER_TOKEN", server.viewerToken());
            env.put("VIGIL_INGEST_TOKEN", server.ingestToken());
            env.put("SCREENSHOTS", screenshots.toAbsolutePath().toString());
            env.put("FEEDER_ALERT_RULE", ALERT_RULE);
            env.put("CHROMIUM", chromium.toString());
            env.put("VIGIL_CONFIG_DIR", server.configDir().toAbsolutePath().toString());
            env.put("DASHBOARD_CONFIG", DASHBOARD_CONFIG);
            Process process = node.start();
            boolean finished = process.waitFor(6, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String output = read(log);
            System.out.println(output);
            assertTrue(finished, "the browser run did not finish within 6 minutes:\n" + output);
            assertEquals(0, process.exitValue(), "the browser checks failed (screenshots of failures in "
                    + screenshots + "):\n" + output);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }

    /** Where the concern plugins' zips are. */
    static final class ConcernPlugins {
        private ConcernPlugins() {
        }

        /**
         * The zips in {@code dir} (copied there from the reactor), or, building this module alone, the zips in
         * {@code dir/<id>/target/} of the sibling plugin modules.
         */
        static List<Path> zips(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (var direct = Files.list(dir)) {
                List<Path> found = direct.filter(p -> p.getFileName().toString().endsWith(".zip")).sorted().toList();
                if (!found.isEmpty()) {
                    return found;
                }
            }
            List<Path> siblings = new java.util.ArrayList<>();
            for (String id : List.of("requests", "queries", "system", "errors", "alerts", "optimizer", "dependencies", "otlp")) {
                Path target = dir.resolve(id).resolve("target");
                if (Files.isDirectory(target)) {
                    try (var files = Files.list(target)) {
                        files.filter(p -> p.getFileName().toString().matches(id + "-.*\\.zip")).findFirst()
                                .ifPresent(siblings::add);
                    }
                }
            }
            return siblings;
        }
    }
}
