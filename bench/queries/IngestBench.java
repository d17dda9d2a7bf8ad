package dev.vigil.plugins.queries;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

/**
 * Statements fingerprinted and stored per second, end to end: a real Vigil server with the packaged plugin,
 * clients posting batches over loopback HTTP, each batch answered 200 only once it is committed (durable).
 * Args: plugin zip, seconds to measure, concurrent clients, batch size, and "postgresql" to store there.
 */
public final class IngestBench {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Rounds across phases, so that no request id is ever sent twice. */
    private static final AtomicLong ROUND = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        int batchSize = Integer.parseInt(args[3]);
        TestDatabase database = args.length > 4 && args[4].equals("postgresql") ? TestDatabase.POSTGRESQL
                : TestDatabase.SQLITE;
        List<String> bodies = bodies(64, batchSize);
        try (TestServer server = TestServer.builder().plugin(zip).database(database).start()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf("%s, %d clients, batches of %d statements (%d requests of %d each), %.0f KB per batch%n",
                              database, clients, batchSize, batchSize / 10, 10,
                              bodies.getFirst().length() / 1024.0);
            phase(server, http, bodies, clients, 5, null);
            long[] latencies = new long[200_000];
            AtomicLong count = new AtomicLong();
            long processCpu = processCpu();
            long writerCpu = writerCpu();
            long statements = phase(server, http, bodies, clients, seconds, new Object[] {latencies, count});
            processCpu = processCpu() - processCpu;
            writerCpu = writerCpu() - writerCpu;
            int n = (int) Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            System.out.printf("end to end over HTTP, durable: %,.0f statements/s (%d batches in %d s; batch "
                                      + "latency p50 %.1f ms, p99 %.1f ms)%n", (double) statements / seconds, n,
                              seconds, sorted[n / 2] / 1e6, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6);
            // On a shared machine the wall-clock rate also measures the neighbours: CPU time per statement does not.
            System.out.printf("CPU per statement: %.1f us in the whole process (server and clients), %.1f us in the "
                                      + "plugin's writer thread (its ceiling: %,.0f statements per CPU second)%n",
                              processCpu / 1e3 / statements, writerCpu / 1e3 / statements,
                              statements / (writerCpu / 1e9));
            Thread.sleep(6_000);
            JsonNode summary = MAPPER.readTree(server.get("/api/v1/queries/summary", server.viewerToken()).body());
            System.out.printf("stored: %d statements, %d fingerprints, %d requests analysed, %d N+1 and %d "
                                      + "repeated-identical findings, %d open requests%n",
                              summary.get("statements").asLong(), summary.get("fingerprints").asLong(),
                              summary.at("/requests/analysed").asLong(), summary.at("/findings/n_plus_one").asLong(),
                              summary.at("/findings/repeated_identical").asLong(),
                              summary.at("/intake/open_requests").asLong());
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the write queue's thread, which stores every batch. */
    private static long writerCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("vigil-writer-queries-statements")) {
                return threads.getThreadCpuTime(thread.threadId());
            }
        }
        return 0;
    }

    /** Posts bodies from {@code clients} threads for {@code seconds}; answers the statements accepted. */
    private static long phase(TestServer server, HttpClient http, List<String> bodies, int clients, int seconds,
                              Object[] record) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong accepted = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        URI uri = server.uri("/api/v1/queries/ingest");
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long r = ROUND.incrementAndGet();
                    // Fresh request ids every round, so each batch holds requests of its own.
                    String body = bodies.get((int) (r % bodies.size())).replace("@@", Long.toString(r))
                            .replace("\"@T@\"", Long.toString(System.currentTimeMillis()));
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + server.ingestToken())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            System.err.println("ingest answered " + response.statusCode() + ": " + response.body());
                            Thread.sleep(100);
                            continue;
                        }
                        if (!stop.get()) {
                            accepted.addAndGet(MAPPER.readTree(response.body()).get("accepted").asLong());
                            if (record != null) {
                                long index = ((AtomicLong) record[1]).getAndIncrement();
                                long[] latencies = (long[]) record[0];
                                if (index < latencies.length) {
                                    latencies[(int) index] = System.nanoTime() - started;
                                }
                            }
                        }
                    } catch (Exception e) {
                        System.err.println("ingest failed: " + e);
                    }
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return accepted.get();
    }

    /**
     * Batches shaped like an agent's flush: requests of 10 statements each — a list query, then either an N+1
     * over its rows, a join, or repeated identical lookups — plus assorted statements from the corpus.
     */
    private static List<String> bodies(int count, int batchSize) throws Exception {
        Random random = new Random(11);
        List<Corpus.Sql> corpus = Corpus.generate(50_000, 3);
        String[] endpoints = {"/users/{id}", "/orders", "/books", "/cart", "/search", "/admin/audit", "/feed"};
        List<String> bodies = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            List<java.util.Map<String, Object>> records = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                int request = i / 10;
                Corpus.Sql sql;
                if (request % 4 == 0) {
                    sql = new Corpus.Sql(i % 10 == 0 ? "SELECT id, author_id FROM books ORDER BY id LIMIT 9"
                            : "SELECT name FROM authors WHERE id = " + random.nextInt(10_000), "postgresql");
                } else {
                    sql = corpus.get(random.nextInt(corpus.size()));
                }
                java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
                record.put("timestamp", "@T@"); // the send time in epoch milliseconds, as agents flush
                record.put("service", "shop-" + (request % 3));
                record.put("sql", sql.text());
                record.put("duration_ms", Math.round(Math.exp(random.nextGaussian() + 1) * 1000) / 1000.0);
                record.put("rows", (long) random.nextInt(50));
                record.put("request_id", "r-@@-" + b + "-" + request);
                record.put("endpoint", endpoints[request % endpoints.length]);
                record.put("database", sql.database());
                records.add(record);
            }
            bodies.add(MAPPER.writeValueAsString(java.util.Map.of("records", records)));
        }
        return bodies;
    }
}
