package dev.vigil.plugins.optimizer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.ResourceHistory.ResourceSample;

/**
 * A request history with known structure, for tests and benchmarks. One service, four endpoints:
 * <ul>
 *   <li>{@code GET /orders} is query-heavy: latency = 8 + 4 ms per query (1..40 queries) + noise;</li>
 *   <li>{@code POST /reports} is CPU-bound: latency = 20 + 2.5 ms per CPU percent (CPU 10..95) + noise;</li>
 *   <li>{@code GET /health} is flat: about 3 ms;</li>
 *   <li>{@code GET /users/{id}} is flat (about 25 ms) but answers 500 to one request in eight.</li>
 * </ul>
 * CPU follows a slow wave, one reading per minute. Some endpoint-minutes are made anomalous: every request of that
 * endpoint in that minute takes {@link #ANOMALY_FACTORS} times longer.
 */
final class SyntheticHistory {

    static final String SERVICE = "shop";
    static final String ORDERS = "/orders";
    static final String REPORTS = "/reports";
    static final String HEALTH = "/health";
    static final String USERS = "/users/{id}";
    static final double[] ANOMALY_FACTORS = {10, 6, 5, 4};

    /** An injected anomalous minute. */
    record Anomaly(long minuteAt, String method, String endpoint, double factor) {
    }

    /** The generated history, oldest first. */
    record History(List<RequestEvent> events, List<ResourceSample> resources, List<Anomaly> anomalies) {
    }

    private SyntheticHistory() {
    }

    /**
     * @param end        the history ends at the minute before this one
     * @param minutes    how many minutes of traffic
     * @param perMinute  requests per endpoint and minute
     */
    static History generate(Instant end, int minutes, int perMinute, long seed) {
        Random random = new Random(seed);
        long lastMinute = MinuteRow.minuteOf(end.toEpochMilli()) - 60_000;
        long firstMinute = lastMinute - (minutes - 1) * 60_000L;
        List<Anomaly> anomalies = new ArrayList<>();
        String[][] targets = {{"GET", HEALTH}, {"GET", USERS}, {"POST", REPORTS}, {"GET", ORDERS}};
        for (int i = 0; i < targets.length; i++) {
            // Spread over the history, away from its edges.
            int minute = (int) ((i + 1) * (minutes / (targets.length + 1.0)));
            anomalies.add(new Anomaly(firstMinute + minute * 60_000L, targets[i][0], targets[i][1],
                                      ANOMALY_FACTORS[i]));
        }
        List<RequestEvent> events = new ArrayList<>();
        List<ResourceSample> resources = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            long minuteAt = firstMinute + m * 60_000L;
            double cpu = clamp(52 + 40 * Math.sin(2 * Math.PI * m / 47.0) + random.nextGaussian() * 3, 10, 95);
            resources.add(new ResourceSample(Instant.ofEpochMilli(minuteAt + 30_000), cpu,
                                             60 + random.nextGaussian() * 2, cpu / 25));
            for (int r = 0; r < perMinute; r++) {
                events.add(orders(random, minuteAt, factor(anomalies, minuteAt, "GET", ORDERS)));
                events.add(reports(random, minuteAt, cpu, factor(anomalies, minuteAt, "POST", REPORTS)));
                events.add(health(random, minuteAt, factor(anomalies, minuteAt, "GET", HEALTH)));
                events.add(users(random, minuteAt, factor(anomalies, minuteAt, "GET", USERS)));
            }
        }
        events.sort(java.util.Comparator.comparing(RequestEvent::timestamp));
        return new History(events, resources, anomalies);
    }

    /** The latency the structure implies, without noise or anomalies: the best any model could predict. */
    static double expectedMs(RequestEvent event, double cpu) {
        return switch (event.endpoint()) {
            case ORDERS -> 8 + 4 * event.queryCount();
            case REPORTS -> 20 + 2.5 * cpu;
            case HEALTH -> 3;
            default -> 25;
        };
    }

    /**
     * The correlation a perfect model would reach: the noise-free structure against the observed latencies. Noise
     * and the injected anomalies cannot be predicted, so no model can do better.
     */
    static double bestPossibleCorrelation(History history) {
        java.util.Map<Long, Double> cpu = new java.util.HashMap<>();
        history.resources().forEach(r -> cpu.put(MinuteRow.minuteOf(r.time().toEpochMilli()), r.cpuPercent()));
        double[] actual = new double[history.events().size()];
        double[] expected = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            RequestEvent event = history.events().get(i);
            actual[i] = event.durationMs();
            expected[i] = expectedMs(event, cpu.get(MinuteRow.minuteOf(event.timestamp().toEpochMilli())));
        }
        return Stats.pearson(actual, expected);
    }

    /** The correlation of a model that knows only which endpoint was called (its mean latency). */
    static double endpointOnlyCorrelation(History history) {
        java.util.Map<String, double[]> sums = new java.util.HashMap<>();
        history.events().forEach(e -> {
            double[] sum = sums.computeIfAbsent(e.method() + e.endpoint(), k -> new double[2]);
            sum[0] += e.durationMs();
            sum[1]++;
        });
        double[] actual = new double[history.events().size()];
        double[] mean = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            RequestEvent event = history.events().get(i);
            double[] sum = sums.get(event.method() + event.endpoint());
            actual[i] = event.durationMs();
            mean[i] = sum[0] / sum[1];
        }
        return Stats.pearson(actual, mean);
    }

    private static RequestEvent orders(Random random, long minuteAt, double factor) {
        int queries = 1 + random.nextInt(40);
        double ms = (8 + 4 * queries + random.nextGaussian() * 4) * factor;
        return event(random, minuteAt, "GET", ORDERS, 200, ms, queries, queries * 3.0);
    }

    private static RequestEvent reports(Random random, long minuteAt, double cpu, double factor) {
        int queries = 1 + random.nextInt(3);
        double ms = (20 + 2.5 * cpu + random.nextGaussian() * 5) * factor;
        return event(random, minuteAt, "POST", REPORTS, 200, ms, queries, queries * 1.5);
    }

    private static RequestEvent health(Random random, long minuteAt, double factor) {
        double ms = (3 + random.nextGaussian() * 0.5) * factor;
        return event(random, minuteAt, "GET", HEALTH, 200, ms, 0, 0.0);
    }

    private static RequestEvent users(Random random, long minuteAt, double factor) {
        int queries = 1 + random.nextInt(3);
        double ms = (25 + random.nextGaussian() * 4) * factor;
        int status = random.nextInt(8) == 0 ? 500 : 200;
        return event(random, minuteAt, "GET", USERS, status, ms, queries, queries * 2.0);
    }

    private static RequestEvent event(Random random, long minuteAt, String method, String endpoint, int status,
                                      double ms, int queries, double queryMs) {
        Instant at = Instant.ofEpochMilli(minuteAt + random.nextInt(60_000));
        String path = endpoint.replace("{id}", Integer.toString(random.nextInt(1000)));
        return new RequestEvent(at, SERVICE, method, endpoint, path, status, Math.max(0.5, ms), null,
                                Long.toHexString(random.nextLong()), null, queries, queryMs, 512L, null);
    }

    private static double factor(List<Anomaly> anomalies, long minuteAt, String method, String endpoint) {
        for (Anomaly anomaly : anomalies) {
            if (anomaly.minuteAt() == minuteAt && anomaly.method().equals(method)
                    && anomaly.endpoint().equals(endpoint)) {
                return anomaly.factor();
            }
        }
        return 1;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
