import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

/**
 * Error events ingested and grouped per second: a real server with the packaged errors plugin, real HTTP over
 * loopback, client threads posting batches of error records with Java stacks (raw strings, parsed by the server)
 * drawn from a fixed number of distinct faults, with random ids, line numbers, users and endpoints.
 * Run through bench/errors/ingest.sh, which builds the plugin and the class path.
 */
public final class IngestBenchmark {

    private static final int FAULTS = 200;

    public static void main(String[] args) throws Exception {
        TestDatabase database = TestDatabase.valueOf(args.length > 0 ? args[0].toUpperCase() : "SQLITE");
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        if (!database.available()) {
            System.out.println(database + ": not available (set VIGIL_TEST_POSTGRES_URL), skipped");
            return;
        }
        List<String> bodies = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 64; i++) {
            bodies.add(batch(random, batchSize));
        }
        try (TestServer server = TestServer.builder().plugin(Path.of(System.getProperty("vigil.plugin.zip")))
                .database(database).start()) {
            Result warmUp = run(server, bodies, threads, Duration.ofSeconds(3)); // JIT, connections, first groups
            Result result = run(server, bodies, threads, Duration.ofSeconds(seconds));
            HttpResult groups = server.get("/api/v1/errors/groups?limit=500", server.viewerToken());
            long stored = 0;
            for (var group : groups.json().get("groups")) {
                stored += group.get("count").asLong();
            }
            if (stored != warmUp.events + result.events) {
                throw new IllegalStateException("the groups hold " + stored + " events, but "
                        + (warmUp.events + result.events) + " were accepted");
            }
            System.out.printf("%s, %d records per request, %d client threads, %d s: %,.0f events/s "
                                      + "(%,.0f requests/s), request latency p50 %.1f ms, p99 %.1f ms, "
                                      + "CPU %.0f µs per event (server and client); %d groups hold all %,d events accepted%n",
                              database.name().toLowerCase(), batchSize, threads, seconds,
                              result.events / result.seconds, result.requests / result.seconds,
                              result.percentile(50), result.percentile(99),
                              result.cpuNanos / 1000.0 / Math.max(1, result.events),
                              groups.json().get("total").asInt(), stored);
        }
    }

    /** CPU time of the whole process (server and client threads). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private record Result(long events, long requests, double seconds, double[] latenciesMs, long cpuNanos) {
        double percentile(int p) {
            double[] sorted = latenciesMs.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
        }
    }

    private static Result run(TestServer server, List<String> bodies, int threads, Duration duration)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> workers = new ArrayList<>();
        List<List<Double>> latencies = new ArrayList<>();
        long started = System.nanoTime();
        long cpuBefore = cpuNanos();
        for (int t = 0; t < threads; t++) {
            List<Double> mine = new ArrayList<>();
            latencies.add(mine);
            int offset = t;
            workers.add(pool.submit(() -> {
                long events = 0;
                long requests = 0;
                for (int i = offset; !stop.get(); i++) {
                    long before = System.nanoTime();
                    HttpResult result = server.post("/api/v1/errors/ingest", bodies.get(i % bodies.size()),
                                                    server.ingestToken());
                    mine.add((System.nanoTime() - before) / 1e6);
                    if (result.status() != 200) {
                        throw new IllegalStateException("ingest answered " + result);
                    }
                    events += result.json().get("accepted").asLong();
                    requests++;
                }
                return new long[] {events, requests};
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        long events = 0;
        long requests = 0;
        for (Future<long[]> worker : workers) {
            long[] counts = worker.get();
            events += counts[0];
            requests += counts[1];
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Result(events, requests, seconds,
                          latencies.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray(),
                          cpuNanos() - cpuBefore);
    }

    private static String batch(Random random, int size) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            int fault = random.nextInt(FAULTS);
            long order = random.nextInt(1_000_000);
            int line = 10 + random.nextInt(500);
            body.append(i == 0 ? "" : ",").append("""
                    {"service":"shop-%d","level":"%s","user":"user-%d","release":"1.%d.0","environment":"prod",
                     "endpoint":"/orders/%d?ref=mail","request_id":"req-%d",
                     "context":{"host":"web-%d","headers":{"Authorization":"Bearer abc%d"}},
                     "stack":"com.shop.OrderException: order %d failed for card 4111 1111 1111 1111\\n\
                    \\tat com.shop.orders.Service%d.place(Service%d.java:%d)\\n\
                    \\tat com.shop.orders.Validator.check%d(Validator.java:%d)\\n\
                    \\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)\\n\
                    \\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)\\n\
                    \\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)\\n\
                    \\tat com.shop.web.OrderController.post(OrderController.java:%d)\\n\
                    \\tat java.base/java.lang.Thread.run(Thread.java:1583)\\n\
                    Caused by: java.sql.SQLException: connection %d refused\\n\
                    \\tat org.postgresql.Driver.connect(Driver.java:300)\\n\
                    \\tat com.shop.db.Pool.borrow(Pool.java:%d)\\n\
                    \\t... 4 more\\n"}""".formatted(
                    fault % 5, random.nextInt(20) == 0 ? "critical" : "error", random.nextInt(5000),
                    random.nextInt(10), order % 50, random.nextLong(1L << 40), random.nextInt(8), order, order,
                    fault, fault, line, fault % 7, line + 3, line + 40, order, line + 7));
        }
        return body.append(']').toString();
    }
}
