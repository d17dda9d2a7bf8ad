package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * A 2xx from ingest means durable: a server in a child JVM is killed with SIGKILL right after acknowledging
 * batches that four clients keep sending, started again over the same directory, and every acknowledged record is
 * there, while no batch is there in part.
 */
class DurabilityIT {

    private static final String ADMIN = "kill-test-admin";
    private static final String INGEST = "kill-test-ingest";
    private static final int RECORDS_PER_BATCH = 200;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void everyAcknowledgedBatchSurvivesAKill9AndNoBatchIsStoredInPart() throws Exception {
        Path home = Files.createTempDirectory("vigil-kill-");
        try {
            Files.createDirectories(home.resolve("plugins"));
            Files.createDirectories(home.resolve("config/plugins"));
            Path zip = Path.of(System.getProperty("vigil.plugin.zip"));
            Files.copy(zip, home.resolve("plugins").resolve(zip.getFileName()));
            int port = freePort();

            Process server = start(home, port, 1);
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger nextBatch = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            for (int c = 0; c < 4; c++) {
                clients.submit(() -> {
                    while (!killed.get()) {
                        int batch = nextBatch.getAndIncrement();
                        try {
                            if (post(port, batch(batch)) == 200) {
                                acknowledged.add(batch);
                                if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL && killed.compareAndSet(false, true)) {
                                    server.destroyForcibly();
                                }
                            }
                        } catch (IOException | InterruptedException e) {
                            return; // the server is gone
                        }
                    }
                });
            }
            assertTrue(server.waitFor(120, TimeUnit.SECONDS), "the server was not killed");
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);

            Process again = start(home, port, 2);
            try {
                Map<Integer, Integer> stored = storedPerBatch(home.resolve("data/vigil.db"));
                for (int batch : acknowledged) {
                    assertEquals(RECORDS_PER_BATCH, stored.getOrDefault(batch, 0), "acknowledged batch " + batch);
                }
                stored.forEach((batch, count) -> assertEquals(RECORDS_PER_BATCH, count, "batch " + batch
                        + " is stored in part"));
                long total = stored.values().stream().mapToLong(Integer::longValue).sum();
                HttpResponse<String> summary = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/requests/summary?service=shop"))
                        .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(total, new ObjectMapper().readTree(summary.body()).get("total").asLong(),
                             "figures are committed with their raw records");
            } finally {
                again.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(each);
                }
            }
        }
    }

    private static String batch(int batch) {
        Batch records = Batch.of();
        Instant now = Instant.now();
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            records.add(now, "/kill/{id}", 200, i % 50);
            records.last().put("request_id", batch + "-" + i);
        }
        return records.json();
    }

    private int post(int port, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/requests/ingest"))
                                 .timeout(Duration.ofSeconds(30))
                                 .header("Authorization", "Bearer " + INGEST)
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Records per batch, by the batch number in their request ids. */
    private static Map<Integer, Integer> storedPerBatch(Path database) throws Exception {
        Map<Integer, Integer> perBatch = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT request_id FROM requests_raw WHERE service = 'shop'")) {
            while (rows.next()) {
                String id = rows.getString(1);
                perBatch.merge(Integer.parseInt(id.substring(0, id.indexOf('-'))), 1, Integer::sum);
            }
        }
        return perBatch;
    }

    /** Starts {@code dev.vigil.kernel.Main} as a distribution would, and waits until the plugin answers. */
    private Process start(Path home, int port, int run) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dvigil.home=" + home, "-cp", childClassPath(), "dev.vigil.kernel.Main");
        builder.environment().put("VIGIL_PORT", Integer.toString(port));
        builder.environment().put("VIGIL_HOST", "127.0.0.1");
        builder.environment().put("VIGIL_DATA_DIR", "data");
        builder.environment().put("VIGIL_PLUGINS_DIR", "plugins");
        builder.environment().put("VIGIL_CONFIG_DIR", "config");
        builder.environment().put("VIGIL_ADMIN_TOKEN", ADMIN);
        builder.environment().put("VIGIL_INGEST_TOKEN", INGEST);
        builder.redirectErrorStream(true).redirectOutput(home.resolve("server-" + run + ".log").toFile());
        Process process = builder.start();
        TestServer.await(Duration.ofSeconds(60), "the child server to serve the requests plugin", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the child server exited: " + log(home, run));
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                                                           + "/api/v1/requests/status"))
                                         .header("Authorization", "Bearer " + ADMIN).build(),
                                 HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return process;
    }

    private static String log(Path home, int run) {
        try {
            return Files.readString(home.resolve("server-" + run + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The test's class path, without this module's own classes (the plugin must come from its zip). */
    private static String childClassPath() throws IOException {
        Path target = Path.of(System.getProperty("vigil.plugin.zip")).toAbsolutePath().getParent();
        return String.join(File.pathSeparator, Arrays.stream(PluginJarBuilder.testClassPath().split(File.pathSeparator))
                .filter(e -> !Path.of(e).toAbsolutePath().startsWith(target))
                .toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
