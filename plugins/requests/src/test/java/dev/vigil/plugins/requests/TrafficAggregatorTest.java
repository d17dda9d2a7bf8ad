package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class TrafficAggregatorTest {

    private static final long MINUTE = Instant.parse("2026-03-10T12:07:00Z").toEpochMilli();
    private static final EndpointKey HEALTH = new EndpointKey("vigil", "GET", "/health");
    private static final EndpointKey SUMMARY = new EndpointKey("vigil", "GET", "/api/v1/requests/summary");

    @Test
    void concurrentAddsAndDrainsLoseAndDoubleNothing() throws Exception {
        TrafficAggregator aggregator = new TrafficAggregator();
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong sampled = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    if (aggregator.add(MINUTE + (i % 2) * 60_000L + i % 1000, i % 3 == 0 ? SUMMARY : HEALTH,
                                       i % 2 == 0 ? "viewer" : null, i % 10 == 0 ? 500 : 200, 1 + i % 7, 100)) {
                        sampled.incrementAndGet();
                    }
                }
            }));
        }
        Map<PeriodKey, RequestStats> minutes = new HashMap<>();
        Map<UserKey, RequestStats> users = new HashMap<>();
        start.countDown();
        boolean running = true;
        while (running) {
            running = workers.stream().anyMatch(Thread::isAlive);
            collect(aggregator.drain(), minutes, users);
        }
        collect(aggregator.drain(), minutes, users);

        long total = minutes.values().stream().mapToLong(RequestStats::count).sum();
        double sumOfSquares = minutes.values().stream().mapToDouble(RequestStats::sumSquaresMs).sum();
        double expectedSquares = 0;
        for (int i = 0; i < perThread; i++) {
            expectedSquares += (1 + i % 7) * (1 + i % 7);
        }
        assertEquals(threads * expectedSquares, sumOfSquares, 1e-6, "what the standard deviation is made of");
        assertEquals((long) threads * perThread, total);
        assertEquals(4, minutes.size(), "two endpoints in two minutes");
        assertEquals((long) threads * perThread / 10, minutes.values().stream()
                .mapToLong(RequestStats::serverErrors).sum());
        assertEquals((long) threads * perThread / 2, users.values().stream().mapToLong(RequestStats::count).sum());
        assertEquals(List.of(), aggregator.drain(), "a drain takes everything");
        assertEquals((long) threads * perThread / 100, sampled.get(), "every hundredth request is the sample");
    }

    private static void collect(List<OwnTraffic> items, Map<PeriodKey, RequestStats> minutes,
                                Map<UserKey, RequestStats> users) {
        for (OwnTraffic item : items) {
            switch (item) {
                case OwnTraffic.Minute m -> minutes.computeIfAbsent(m.key(), k -> new RequestStats()).merge(m.stats());
                case OwnTraffic.User u -> users.computeIfAbsent(u.key(), k -> new RequestStats()).merge(u.stats());
                case OwnTraffic.Raw r -> throw new AssertionError("the aggregator keeps no raw records");
            }
        }
    }
}
