package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.vigil.api.Jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real engine over real jars, with the fixture database (or without one). */
class DependencyScannerTest {

    private static final Jobs.Progress NO_PROGRESS = SilentProgress.NONE;

    /** Held: JUL forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger ENGINE_LOG = quiet();

    @TempDir
    Path work;

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.owasp.dependencycheck");
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    @Test
    void findsTheCvesOfTheVulnerableVersionWithTheirSeverityAndNothingForTheFixedOne() throws Exception {
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        DependencyScanner.Outcome outcome = scan(config("data-directory", data.toString()),
                                                 pathTarget("vulnerable", FixtureJars.vulnerable()),
                                                 pathTarget("fixed", FixtureJars.fixed()));

        assertTrue(outcome.vulnerabilitiesChecked(), outcome.dataProblem());
        Component vulnerable = only(outcome, "path:vulnerable");
        assertEquals("commons-collections", vulnerable.groupId());
        assertEquals("commons-collections", vulnerable.artifactId());
        assertEquals("3.2.1", vulnerable.version());
        assertEquals(FixtureJars.vulnerable().toAbsolutePath().toString(), vulnerable.file());
        assertTrue(vulnerable.licenses().stream().anyMatch(l -> l.contains("LICENSE-2.0")), vulnerable.toString());
        assertTrue(vulnerable.cpes().contains("cpe:2.3:a:apache:commons_collections:3.2.1:*:*:*:*:*:*:*"),
                   vulnerable.cpes().toString());
        Map<String, Component.Vulnerability> byId = vulnerable.vulnerabilities().stream()
                .collect(java.util.stream.Collectors.toMap(Component.Vulnerability::id, v -> v));
        assertEquals(Map.of("CVE-2015-7501", Severity.CRITICAL, "CVE-2015-6420", Severity.HIGH),
                     Map.of("CVE-2015-7501", byId.get("CVE-2015-7501").severity(),
                            "CVE-2015-6420", byId.get("CVE-2015-6420").severity()));
        assertEquals(9.8, byId.get("CVE-2015-7501").cvssScore());
        assertEquals("3.1", byId.get("CVE-2015-7501").cvssVersion());
        assertEquals(7.5, byId.get("CVE-2015-6420").cvssScore());
        assertEquals("2.0", byId.get("CVE-2015-6420").cvssVersion());
        assertEquals("https://nvd.nist.gov/vuln/detail/CVE-2015-7501", byId.get("CVE-2015-7501").url());

        Component fixed = only(outcome, "path:fixed");
        assertEquals("3.2.2", fixed.version());
        assertEquals(List.of(), fixed.vulnerabilities());
        assertTrue(Files.exists(data.resolve(VulnerabilityData.DATABASE_FILE)), "the data directory is left as it was");
    }

    @Test
    void findsAVulnerableJarInsideAPluginZipAndKeepsItWithThatPlugin() throws Exception {
        Path plugin = work.resolve("plugins/risky-1.0.zip");
        Files.createDirectories(plugin.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plugin))) {
            zip.putNextEntry(new ZipEntry("plugin.properties"));
            zip.write("plugin.id=risky\nplugin.version=1.0\n".getBytes());
            zip.putNextEntry(new ZipEntry("lib/commons-collections-3.2.1.jar"));
            zip.write(Files.readAllBytes(FixtureJars.vulnerable()));
        }
        Path data = FixtureDatabase.copyInto(work.resolve("data"));
        ScanTarget target = ScanTarget.plugin(plugin, TargetResolver.pluginId(plugin));
        assertEquals("risky", target.pluginId());
        DependencyScanner.Outcome outcome = scan(config("data-directory", data.toString()), target);

        Component inside = only(outcome, "plugin:risky-1.0.zip");
        assertEquals(plugin.toAbsolutePath() + "/lib/commons-collections-3.2.1.jar", inside.file());
        assertTrue(inside.vulnerabilities().stream().anyMatch(v -> v.id().equals("CVE-2015-7501")),
                   inside.toString());
        TargetResult result = outcome.results().getFirst();
        assertEquals("risky", result.pluginId());
        assertEquals(Files.size(plugin), result.fileSize());
    }

    @Test
    void withoutDataListsComponentsAndSaysVulnerabilitiesWereNotChecked() throws Exception {
        DependencyScanner.Outcome outcome = scan(DependenciesConfig.DEFAULTS,
                                                 pathTarget("vulnerable", FixtureJars.vulnerable()));
        assertFalse(outcome.vulnerabilitiesChecked());
        assertEquals("no vulnerability data is configured", outcome.dataProblem());
        Component component = only(outcome, "path:vulnerable");
        assertEquals("3.2.1", component.version());
        assertEquals(List.of(), component.vulnerabilities());
        TargetResult result = outcome.results().getFirst();
        assertFalse(result.vulnerabilitiesChecked());
        assertNull(result.dataSource());
    }

    @Test
    void aDataDirectoryWithoutDatabaseIsExplained() throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        DependencyScanner.Outcome outcome = scan(config("data-directory", empty.toString()),
                                                 pathTarget("vulnerable", FixtureJars.vulnerable()));
        assertFalse(outcome.vulnerabilitiesChecked());
        assertTrue(outcome.dataProblem().contains("holds no odc.mv.db"), outcome.dataProblem());
        assertEquals("3.2.1", only(outcome, "path:vulnerable").version());
    }

    @Test
    void anUnusableDatabaseFallsBackToListingComponentsWithTheReason() throws Exception {
        Path data = Files.createDirectories(work.resolve("no-cpe"));
        FixtureDatabase.buildEmpty(data);
        DependencyScanner.Outcome outcome = scan(config("data-directory", data.toString()),
                                                 pathTarget("vulnerable", FixtureJars.vulnerable()));
        assertFalse(outcome.vulnerabilitiesChecked());
        assertTrue(outcome.dataProblem().startsWith("the dependency-check database could not be used"),
                   outcome.dataProblem());
        assertTrue(outcome.dataProblem().contains("No documents exist"), outcome.dataProblem());
        assertEquals("3.2.1", only(outcome, "path:vulnerable").version());
    }

    @Test
    void aMissingConfiguredPathIsReportedNotFatal() throws Exception {
        DependencyScanner.Outcome outcome = scan(DependenciesConfig.DEFAULTS,
                                                 pathTarget("gone", work.resolve("no-such.jar")),
                                                 pathTarget("vulnerable", FixtureJars.vulnerable()));
        assertEquals("does not exist", outcome.results().getFirst().error());
        assertEquals(List.of(), outcome.results().getFirst().components());
        assertEquals(1, outcome.results().get(1).components().size());
    }

    /**
     * A scan interrupted while dependency-check unpacks an archive returns only once the engine's own workers have
     * stopped: nothing writes into the plugin's data directory after the scan (and the plugin) has stopped.
     */
    @Test
    void anInterruptedScanLeavesNoWorkerWritingAfterItReturns() throws Exception {
        Path plugin = work.resolve("plugins/big-1.0.zip");
        Files.createDirectories(plugin.getParent());
        byte[] jar = Files.readAllBytes(FixtureJars.vulnerable());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plugin))) {
            zip.setLevel(0);
            for (int i = 0; i < 150; i++) {
                zip.putNextEntry(new ZipEntry("lib/copy-" + i + ".jar"));
                zip.write(jar);
            }
        }
        Thread scanning = Thread.currentThread();
        Jobs.Progress interruptWhileUnpacking = new Jobs.Progress() {
            @Override
            public void update(double fraction, String message) {
                if (message.contains("Archive Analyzer")) {
                    Thread.ofVirtual().start(() -> {
                        sleep(30);
                        scanning.interrupt();
                    });
                }
            }

            @Override
            public boolean cancelled() {
                return scanning.isInterrupted();
            }
        };
        Path pluginData = work.resolve("plugin-data");
        DependencyScanner scanner = new DependencyScanner(pluginData, Clock.systemUTC(), System.getLogger("test"));

        assertThrows(RuntimeException.class, () -> scanner.scan(
                List.of(ScanTarget.plugin(plugin, "big")), DependenciesConfig.DEFAULTS, interruptWhileUnpacking));
        Thread.interrupted();
        int leftAtReturn = files(pluginData.resolve("tmp")).size();
        sleep(1500);

        assertEquals(leftAtReturn, files(pluginData.resolve("tmp")).size(), "files written after the scan returned");
        assertEquals(0, leftAtReturn, "temporary files left by the scan");
    }

    private static List<Path> files(Path directory) throws java.io.IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Auto-update from a mirror of the NVD data feed over loopback: dependency-check downloads the NVD's JSON,
     * parses it with its own ObjectMappers (on the kernel's Jackson) and writes a fresh H2 database, then scans.
     */
    @Test
    void autoUpdateReadsTheNvdDataFeedWithTheServersJackson() throws Exception {
        try (LoopbackServer mirror = new LoopbackServer()) {
            NvdFeed.mirror(mirror);
            Path data = work.resolve("nvd");
            DependenciesConfig config = new dev.vigil.kernel.config.YamlBinder().bindText(
                    "test", "auto-update: true\ndata-directory: '" + data + "'\nnvd-datafeed-url: '" + mirror.uri()
                            + "nvd/'\n", DependenciesConfig.class, DependenciesConfig.DEFAULTS);
            DependencyScanner.Outcome outcome = scan(config, pathTarget("vulnerable", FixtureJars.vulnerable()),
                                                     pathTarget("fixed", FixtureJars.fixed()));

            assertTrue(outcome.vulnerabilitiesChecked(), outcome.dataProblem());
            assertTrue(mirror.requested().contains("/nvd/nvdcve-2015.json.gz"), mirror.requested().toString());
            Component.Vulnerability found = only(outcome, "path:vulnerable").vulnerabilities().getFirst();
            assertEquals("CVE-2015-7501", found.id());
            assertEquals(Severity.CRITICAL, found.severity());
            assertEquals(9.8, found.cvssScore());
            assertEquals(List.of(), only(outcome, "path:fixed").vulnerabilities());
            assertTrue(Files.isRegularFile(data.resolve(VulnerabilityData.DATABASE_FILE)));
        }
    }

    private DependencyScanner.Outcome scan(DependenciesConfig config, ScanTarget... targets) throws Exception {
        DependencyScanner scanner = new DependencyScanner(work.resolve("plugin-data"), Clock.systemUTC(),
                                                          System.getLogger("test"));
        return scanner.scan(List.of(targets), config, NO_PROGRESS);
    }

    private static ScanTarget pathTarget(String name, Path path) {
        return new ScanTarget("path:" + name, ScanTarget.Kind.PATH, path.toAbsolutePath(), null);
    }

    static DependenciesConfig config(String key, String value) throws Exception {
        return new dev.vigil.kernel.config.YamlBinder().bindText("test", key + ": '" + value + "'\n",
                                                                  DependenciesConfig.class,
                                                                  DependenciesConfig.DEFAULTS);
    }

    private static Component only(DependencyScanner.Outcome outcome, String target) {
        List<Component> components = outcome.results().stream().filter(r -> r.key().equals(target)).findFirst()
                .orElseThrow().components();
        assertEquals(1, components.size(), components.toString());
        return components.getFirst();
    }
}
