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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

/** The packaged server, as a user gets it: its layout, its plugins' packaging, and bin/vigil starting it. */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("vigil.distribution"));
    private static final String TOKEN = "distribution-test-token";

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

    @Test
    void binVigilStartsTheServerWithEveryPluginStarted() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(DIST.resolve("bin/vigil").toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile());
        builder.environment().put("VIGIL_PORT", String.valueOf(port));
        builder.environment().put("VIGIL_DATA_DIR", data.resolve("data").toString());
        builder.environment().put("VIGIL_ADMIN_TOKEN", TOKEN);
        Process server = builder.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create("http://127.0.0.1:" + port + "/health");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            JsonNode healthy = null;
            while (healthy == null && System.nanoTime() < deadline && server.isAlive()) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).build(),
                                                              HttpResponse.BodyHandlers.ofString());
                    healthy = new ObjectMapper().readTree(response.body());
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertTrue(healthy != null, "the server answered /health; log:\n" + log());
            HttpResponse<String> plugins = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/admin/plugins"))
                            .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode list = new ObjectMapper().readTree(plugins.body()).get("plugins");
            assertEquals(plugins().size(), list.size(), plugins.body());
            for (JsonNode plugin : list) {
                assertEquals("STARTED", plugin.get("state").asText(), plugin.get("id") + ": " + plugin.get("error"));
            }
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertTrue(log().contains("stopping"), "a TERM signal stops the server in order; log:\n" + log());
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
