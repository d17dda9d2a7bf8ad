package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/**
 * Speed figures, not checks: run by {@code bench/alerts/bench.sh} ({@code -Dvigil.bench=true}); skipped otherwise.
 * Prints lines starting with {@code BENCH}.
 */
class AlertsBenchIT {

    private static final int RUNS = 15;

    private static void print(String line) {
        System.out.println("BENCH " + line);
    }

    private static String config(int port) {
        return """
                evaluation-interval: 1h
                rules:
                  - name: per-endpoint
                    signal: bench.latency_ms
                    labels: {endpoint: "*"}
                    aggregation: p95
                    warning: 2000
                    critical: 5000
                    consecutive: 1
                    cooldown: 0s
                  - name: storm
                    signal: bench.storm_ms
                    labels: {endpoint: "*"}
                    warning: 2000
                    consecutive: 1
                    cooldown: 0s
                delivery:
                  attempts: 1
                  initial-backoff: 100ms
                  max-pending: 100000
                channels:
                  - name: hook
                    type: webhook
                    url: http://127.0.0.1:PORT/hook
                    events: [fired]
                  - name: dead
                    type: webhook
                    url: http://127.0.0.1:PORT/dead
                    timeout: 2s
                    events: [fired]
                """.replace("PORT", Integer.toString(port));
    }

    @Test
    void figures() throws Exception {
        assumeTrue(Boolean.getBoolean("vigil.bench"), "benchmarks run only with -Dvigil.bench=true");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        // Never answers: every delivery to it waits for its 2 s timeout.
        receiver.createContext("/dead", exchange -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.start();
        try (Harness h = Harness.start(TestDatabase.SQLITE, config(receiver.getAddress().getPort()))) {
            for (int series : new int[] {1_000, 5_000}) {
                publishSeries(h, "bench.latency_ms", series, 20, 100);
                h.evaluate();
                long[] internal = new long[RUNS];
                long[] roundTrip = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    long started = System.nanoTime();
                    JsonNode evaluation = h.evaluate();
                    roundTrip[i] = (System.nanoTime() - started) / 1_000_000;
                    internal[i] = evaluation.get("duration_ms").asLong();
                }
                print("evaluation, 1 rule over " + series + " series x 20 points (p95 of a 5m window), no change: "
                              + "median " + median(internal) + " ms inside the plugin, " + median(roundTrip)
                              + " ms over HTTP (" + RUNS + " runs)");
            }

            int storm = 500;
            publishSeries(h, "bench.storm_ms", storm, 1, 3000);
            long started = System.nanoTime();
            JsonNode evaluation = h.evaluate();
            long fireMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(storm, evaluation.get("fired").asInt(), evaluation.toString());
            print("evaluation firing " + storm + " alerts at once (stored with history, events, 2 channels "
                          + "queued, one of them dead): " + fireMs + " ms");
            TestServer.await(Duration.ofMinutes(2), "all webhook deliveries", () ->
                    count(h, "?channel=hook&outcome=delivered&limit=1000") >= storm);
            long deliveredMs = (System.nanoTime() - started) / 1_000_000;
            print("webhook deliveries of those " + storm + " alerts to a local endpoint: all delivered "
                          + deliveredMs + " ms after the evaluation started ("
                          + Math.round(storm * 1000.0 / deliveredMs) + " per second), while " + storm
                          + " deliveries to the dead endpoint were waiting for their timeout");
            TestServer.await(Duration.ofMinutes(2), "the dead endpoint's attempts", () ->
                    count(h, "?channel=dead&limit=1000") >= storm);

            publishSeries(h, "bench.trend_ms", 1, 2 * 2880, 100);
            long[] trend = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                JsonNode result = h.server.get("/api/v1/alerts/trends?signal=bench.trend_ms&hours=8",
                                               h.server.viewerToken()).json();
                trend[i] = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(1, result.get("trends").size());
            }
            print("trend (Mann-Whitney U) over one series of 2880 in-memory points (8 h at 10 s): median "
                          + median(trend) + " ms over HTTP (" + RUNS + " runs)");
        } finally {
            receiver.stop(0);
        }
    }

    private static int count(Harness h, String query) {
        return h.server.get("/api/v1/alerts/deliveries" + query, h.server.viewerToken()).json().get("count").asInt();
    }

    /** {@code series} series of {@code points} points each, 10 s apart, ending now. */
    private static void publishSeries(Harness h, String signal, int series, int points, double base) {
        Instant now = h.clock.instant();
        List<Harness.Point> batch = new ArrayList<>();
        for (int s = 0; s < series; s++) {
            for (int p = 0; p < points; p++) {
                batch.add(new Harness.Point(signal, series == 1 ? Map.of() : Map.of("endpoint", "/e" + s),
                                            base + (p * 7 + s) % 50, now.minusSeconds(10L * (points - 1 - p))));
                if (batch.size() == 20_000) {
                    h.publish(batch);
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            h.publish(batch);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
