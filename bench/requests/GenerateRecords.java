package dev.vigil.plugins.requests;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;

/**
 * Benchmark data only: writes request records spread evenly over the last 24 hours straight into a stopped
 * server's SQLite database, through the plugin's own {@link RecordWriter} (raw rows plus minute and hour figures),
 * so that the tables hold exactly what ingesting them would have left. Compiled into the plugin's package by
 * {@code bench/requests/run.sh}, since the writer is package-private.
 *
 * <p>Usage: {@code GenerateRecords <vigil.db> <records> [endpoints]}
 */
public final class GenerateRecords {

    private static final int BATCH = 20_000;

    private GenerateRecords() {
    }

    public static void main(String[] args) throws Exception {
        Path database = Path.of(args[0]);
        long total = Long.parseLong(args[1]);
        int endpointCount = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        String[] services = {"shop", "auth", "billing", "search", "media"};
        String[] methods = {"GET", "GET", "POST", "PUT", "DELETE"};
        List<EndpointKey> endpoints = new ArrayList<>();
        double[] medians = new double[endpointCount];
        Random random = new Random(42);
        for (int i = 0; i < endpointCount; i++) {
            endpoints.add(new EndpointKey(services[i % services.length], methods[i % methods.length],
                                          "/api/resource" + i + "/{id}"));
            medians[i] = Math.log(5 + random.nextInt(300));
        }
        long now = System.currentTimeMillis();
        // Spread over the last 23 h 40 min: all in a 24-hour window even when asked for minutes after generation.
        long span = 24 * 3_600_000L - 20 * 60_000;
        long start = now - span;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database
                                                                 + "?journal_mode=WAL&synchronous=NORMAL")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA busy_timeout=30000");
            }
            connection.setAutoCommit(false);
            RecordWriter writer = new RecordWriter(random.nextLong() & Long.MAX_VALUE);
            long began = System.nanoTime();
            List<RequestEvent> batch = new ArrayList<>(BATCH);
            for (long k = 0; k < total; k++) {
                int e = (int) Math.min(endpointCount - 1, Math.abs(random.nextGaussian()) * endpointCount / 2.5);
                EndpointKey key = endpoints.get(e);
                double r = random.nextDouble();
                int status = r < 0.005 ? 500 : r < 0.03 ? 404 : 200;
                double ms = Math.exp(medians[e] + 0.8 * random.nextGaussian());
                batch.add(new RequestEvent(Instant.ofEpochMilli(start + span * k / total), key.service(),
                                           key.method(), key.endpoint(),
                                           key.endpoint().replace("{id}", Integer.toString(random.nextInt(100_000))),
                                           status, ms, random.nextInt(10) < 3 ? "user" + random.nextInt(200) : null,
                                           Long.toHexString(random.nextLong()), null, null, null,
                                           (long) random.nextInt(50_000), null));
                if (batch.size() == BATCH || k == total - 1) {
                    writer.write(connection, batch);
                    connection.commit();
                    batch.clear();
                }
                if ((k + 1) % 1_000_000 == 0) {
                    double seconds = (System.nanoTime() - began) / 1e9;
                    System.out.printf("  %,d records written (%.0f s, %,.0f records/s)%n", k + 1, seconds,
                                      (k + 1) / seconds);
                }
            }
        }
    }
}
