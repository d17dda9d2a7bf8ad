package dev.vigil.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged server, as a user gets it: its layout, its plugins' packaging, and bin/vigil starting it. */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("vigil.distribution"));
    private static final String TOKEN = "distribution-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void pluginsCarryOnlyTheirOwnClassesAndJars() throws IOException {
        Set<String> libJars = names(DIST.resolve("lib"));
        assertTrue(libJars.stream().anyMatch(n -> n.startsWith("vigil-kernel-")), libJars.toString());
        assertTrue(libJars.stream().anyMatch(n -> n.startsWith("vigil-plugin-api-")), libJars.toString());
        List<Path> zips = plugins();
        assertFalse(zips.isEmpty(), "the distribution ships plugins");
        for (Path zip : zips) {
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                assertTrue(archive.getEntry("plugin.properties") != null, zip + " has a descriptor");
                for (ZipEntry entry : archive.stream().toList()) {
                    String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    assertFalse(libJars.contains(name), zip.getFileName() + " duplicates lib/" + name);
                    if (name.endsWith(".jar")) {
                        try (InputStream in = archive.getInputStream(entry)) {
                            assertNoKernelClasses(zip.getFileName() + "!" + name, in);
                        }
                    }
                }
            }
        }
    }

    /** The test kit is for tests, ours and plugin authors': the product's lib/ holds none of its classes. */
    @Test
    void libShipsNoTestKit() throws IOException {
        Set<String> libJars = names(DIST.resolve("lib"));
        assertFalse(libJars.stream().anyMatch(n -> n.startsWith("vigil-testkit")), libJars.toString());
        for (String jar : libJars) {
            try (ZipFile archive = new ZipFile(DIST.resolve("lib").resolve(jar).toFile())) {
                List<String> testKitClasses = archive.stream().map(ZipEntry::getName)
                        .filter(name -> name.startsWith("dev/vigil/testkit/") || name.contains("/testkit/TestServer"))
                        .toList();
                assertEquals(List.of(), testKitClasses, "lib/" + jar);
            }
        }
    }

    @Test
    void theGrafanaDashboardAndPrometheusConfigShipInGrafana() {
        assertTrue(Files.isRegularFile(DIST.resolve("grafana/vigil-dashboard.json")));
        assertTrue(Files.isRegularFile(DIST.resolve("grafana/prometheus.yml")));
    }

    @Test
    void binVigilStartsTheServerWithEveryPluginStarted() throws Exception {
        try (RunningServer server = RunningServer.start(data, Map.of())) {
            HttpResponse<String> plugins = server.send(server.request("/api/v1/admin/plugins").GET());
            JsonNode list = JSON.readTree(plugins.body()).get("plugins");
            assertEquals(plugins().size(), list.size(), plugins.body());
            for (JsonNode plugin : list) {
                assertEquals("STARTED", plugin.get("state").asText(), plugin.get("id") + ": " + plugin.get("error"));
            }
        }
        assertTrue(log().contains("stopping"), "a TERM signal stops the server in order; log:\n" + log());
    }

    /**
     * An ingested service name with a forged log line, NUL, BEL and a right-to-left override, logged by the errors
     * plugin ("new error group ... in <service>"): the log keeps one line per event, in both formats.
     */
    @ParameterizedTest
    @ValueSource(strings = {"text", "json"})
    void valuesFromOutsideCannotForgeLogLines(String format) throws Exception {
        String forged = "shop\n2026-12-07T10:00:00Z WARN  [vigil.kernel] admin token reset\u0000\u0007\u202e";
        try (RunningServer server = RunningServer.start(data, Map.of("VIGIL_LOG_FORMAT", format))) {
            String record = JSON.writeValueAsString(Map.of("service", forged, "message", "order not placed"));
            HttpResponse<String> ingest = server.send(server.request("/api/v1/errors/ingest")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[" + record + "]")));
            assertEquals(200, ingest.statusCode(), ingest.body());
            awaitLog(server, "new error group");
        }
        List<String> lines = log().lines().toList();
        String groupLine = lines.stream().filter(l -> l.contains("new error group")).findFirst().orElseThrow();
        String logged = format.equals("json") ? JSON.readTree(groupLine).get("message").asText() : groupLine;
        assertTrue(logged.contains("shop\\n2026-12-07T10:00:00Z WARN  [vigil.kernel] admin token reset"
                                           + "\\u0000\\u0007\\u202e"), logged);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("2026-12-07T10:00:00Z")), "no forged line:\n" + log());
        assertFalse(log().chars().anyMatch(c -> c == 0 || c == 7 || c == 0x202e), "no raw control character");
        if (format.equals("json")) {
            for (String line : lines) {
                if (line.startsWith("{")) {
                    assertTrue(JSON.readTree(line).isObject(), line);
                }
            }
        }
    }

    /** The data directory and everything the server writes in it are readable by the server's user only. */
    @Test
    void theDataDirectoryIsPrivate() throws Exception {
        Path dataDir = data.resolve("data");
        try (RunningServer server = RunningServer.start(data, Map.of())) {
            assertEquals(200, server.send(server.request("/api/v1/admin/status").GET()).statusCode());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
            try (Stream<Path> everything = Files.walk(dataDir)) {
                List<String> open = everything.filter(p -> !Files.isSymbolicLink(p)).filter(p -> {
                    try {
                        return Files.getPosixFilePermissions(p).stream().anyMatch(DistributionIT::groupOrOther);
                    } catch (IOException gone) {
                        return false; // removed while walking (a temporary file)
                    }
                }).map(p -> dataDir.relativize(p).toString()).toList();
                assertEquals(List.of(), open, "readable by other users");
            }
            assertTrue(Files.exists(dataDir.resolve("vigil.db-wal")), "the WAL is among the files checked");
        }
    }

    private static boolean groupOrOther(PosixFilePermission permission) {
        return permission.name().startsWith("GROUP") || permission.name().startsWith("OTHERS");
    }

    private void awaitLog(RunningServer server, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!log().contains(text) && System.nanoTime() < deadline && server.process.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(log().contains(text), "the log says '" + text + "':\n" + log());
    }

    /** {@code bin/vigil} as a user runs it, on a free port, stopped by a TERM signal. */
    private record RunningServer(Process process, int port, Path log) implements AutoCloseable {

        static RunningServer start(Path directory, Map<String, String> environment) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = directory.resolve("server.log");
            ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/vigil").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("VIGIL_PORT", String.valueOf(port));
            builder.environment().put("VIGIL_DATA_DIR", directory.resolve("data").toString());
            builder.environment().put("VIGIL_ADMIN_TOKEN", TOKEN);
            builder.environment().putAll(environment);
            RunningServer server = new RunningServer(builder.start(), port, log);
            try {
                server.awaitHealthy();
            } catch (Throwable failed) {
                server.close();
                throw failed;
            }
            return server;
        }

        private void awaitHealthy() throws Exception {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            throw new AssertionError("the server did not answer /health; log:\n" + Files.readString(log));
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private String log() throws IOException {
        return Files.readString(data.resolve("server.log"));
    }

    private static void assertNoKernelClasses(String where, InputStream jar) throws IOException {
        try (JarInputStream entries = new JarInputStream(jar)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                String name = entry.getName();
                assertFalse(name.startsWith("dev/vigil/api/") || name.startsWith("dev/vigil/kernel/")
                                    || name.startsWith("org/pf4j/") || name.startsWith("io/helidon/"),
                            where + " carries " + name);
            }
        }
    }

    private static List<Path> plugins() throws IOException {
        try (Stream<Path> files = Files.list(DIST.resolve("plugins"))) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".zip")).sorted().toList());
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new HashSet<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
