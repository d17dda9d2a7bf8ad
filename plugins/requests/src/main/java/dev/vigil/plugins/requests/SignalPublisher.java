package dev.vigil.plugins.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;

/**
 * Publishes each completed minute's figures as signals, overall (no labels; Vigil's own requests left out unless
 * {@code own-traffic-in-overall}, so that the default alert rules watch the monitored services) and per
 * {service, method, endpoint}:
 * throughput, avg, p95, p99, 5xx and 4xx rates. An endpoint that was busy within the last hour and idle this
 * minute gets zero throughput and error rates, so its latest value is current. Minutes are read from storage a
 * few seconds after they end, so that records committed late in the minute count.
 */
final class SignalPublisher {

    static final long SETTLE_MS = 5_000;
    /** On the first run, and after a pause, at most this many past minutes are published. */
    static final int CATCH_UP_MINUTES = 5;
    static final long IDLE_AFTER_MS = 60 * Periods.MINUTE;

    private final FigureStore store;
    private final Signals signals;
    private final Clock clock;
    private final Supplier<RequestsConfig> config;
    /** Endpoints with traffic in the last hour, and the minute they last had some. */
    private final Map<EndpointKey, Long> active = new HashMap<>();
    private long lastPublished = Long.MIN_VALUE;

    SignalPublisher(FigureStore store, Signals signals, Clock clock, Supplier<RequestsConfig> config) {
        this.store = store;
        this.signals = signals;
        this.clock = clock;
        this.config = config;
    }

    /** Publishes every completed minute not yet published. Runs of a task never overlap: no locking needed. */
    void run() {
        long lastComplete = Periods.floor(clock.millis() - SETTLE_MS, Periods.MINUTE) - Periods.MINUTE;
        long earliest = lastComplete - (CATCH_UP_MINUTES - 1) * Periods.MINUTE;
        long first = lastPublished == Long.MIN_VALUE ? earliest : Math.max(lastPublished + Periods.MINUTE, earliest);
        if (first > lastComplete) {
            return;
        }
        Map<Long, Map<EndpointKey, RequestStats>> byMinute = new HashMap<>();
        for (FigureStore.PeriodFigures row : store.periods(Schema.MINUTES,
                                                           new TimeWindow.Range(first, lastComplete + Periods.MINUTE),
                                                           null)) {
            byMinute.computeIfAbsent(row.start(), m -> new HashMap<>()).put(row.key(), row.stats());
        }
        for (long minute = first; minute <= lastComplete; minute += Periods.MINUTE) {
            publishMinute(minute, byMinute.getOrDefault(minute, Map.of()));
        }
        lastPublished = lastComplete;
    }

    private void publishMinute(long minute, Map<EndpointKey, RequestStats> figures) {
        Instant time = Instant.ofEpochMilli(minute + Periods.MINUTE);
        RequestStats overall = new RequestStats();
        ServiceFilter inOverall = ServiceFilter.of(null, config.get().ownTrafficInOverall());
        figures.forEach((key, stats) -> {
            if (inOverall.includes(key.service())) {
                overall.merge(stats);
            }
        });
        publish(Map.of(), overall, time);

        figures.keySet().forEach(key -> active.put(key, minute));
        for (Iterator<Map.Entry<EndpointKey, Long>> it = active.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() <= minute - IDLE_AFTER_MS) {
                it.remove();
            }
        }
        List<EndpointKey> chosen = active.keySet().stream()
                .sorted(Comparator.comparingLong((EndpointKey k) -> figures.containsKey(k)
                        ? figures.get(k).count() : 0).reversed().thenComparing(EndpointKey.ORDER))
                .limit(config.get().signalEndpoints())
                .toList();
        for (EndpointKey key : chosen) {
            publish(Map.of("service", key.service(), "method", key.method(), "endpoint", key.endpoint()),
                    figures.getOrDefault(key, new RequestStats()), time);
        }
    }

    private void publish(Map<String, String> labels, RequestStats stats, Instant time) {
        signals.publish(SignalCatalog.REQUESTS_THROUGHPUT_RPS, labels, stats.count() / 60.0, time);
        signals.publish(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, labels, stats.serverErrorPercent(), time);
        signals.publish(SignalCatalog.REQUESTS_CLIENT_ERROR_RATE_PERCENT, labels, stats.clientErrorPercent(), time);
        if (stats.count() > 0) {
            signals.publish(SignalCatalog.REQUESTS_AVG_MS, labels, stats.avgMs(), time);
            signals.publish(SignalCatalog.REQUESTS_P95_MS, labels, stats.percentileMs(0.95), time);
            signals.publish(SignalCatalog.REQUESTS_P99_MS, labels, stats.percentileMs(0.99), time);
        }
    }
}
