package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.vigil.api.EventBus;
import dev.vigil.api.http.HttpExchange;
import dev.vigil.api.storage.WriteQueue;
import dev.vigil.kernel.metrics.MetricsHub;

/**
 * Benchmark only: the cost on the request thread of recording one of Vigil's own requests, measured in-process
 * (the exchange record the kernel builds included), so that it does not depend on other load on the machine.
 * The queue and bus stand-ins accept everything and keep nothing: their cost is the kernel's, not the plugin's. The
 * duration histogram is the kernel's real one: observing it is part of recording a request.
 */
public final class ObserveCost {

    private ObserveCost() {
    }

    public static void main(String[] args) {
        WriteQueue<OwnTraffic> queue = new WriteQueue<>() {
            @Override
            public CompletableFuture<Void> submit(List<OwnTraffic> items) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean offer(OwnTraffic item) {
                return true;
            }

            @Override
            public int depth() {
                return 0;
            }

            @Override
            public int capacity() {
                return Integer.MAX_VALUE;
            }
        };
        EventBus bus = new EventBus() {
            @Override
            public void publish(Object event) {
            }

            @Override
            public boolean hasSubscribers(Class<?> eventType) {
                return false;
            }
        };
        RequestMetrics metrics = new RequestMetrics(new MetricsHub().forPlugin("requests"),
                                                    RequestsConfig.DEFAULTS::metricsMaxServices,
                                                    RequestsConfig.DEFAULTS::metricsMaxEndpoints);
        TrafficRecorder recorder = new TrafficRecorder(queue, bus, () -> RequestsConfig.DEFAULTS, metrics);
        long n = 10_000_000;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (long i = 0; i < n; i++) {
                recorder.observe(new HttpExchange(Instant.now(), "GET", "/health", "/health", "kernel", 200,
                                                  150_000 + (i % 1000) * 100, 90, null, "c0ffee", "127.0.0.1",
                                                  "wrk"));
            }
            best = Math.min(best, (System.nanoTime() - started) / (double) n);
            recorder.flush();
        }
        System.out.printf("%.0f%n", best);
    }
}
