package dev.vigil.plugins.requests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.vigil.api.EventBus;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;
import dev.vigil.api.http.HttpExchange;
import dev.vigil.api.http.RequestObserver;
import dev.vigil.api.storage.WriteQueue;

/**
 * Records Vigil's own requests (service {@code vigil}, the route template as endpoint). It runs on the request's
 * thread, so it never waits: every request is added to the duration histogram on {@code /metrics}
 * ({@link RequestMetrics}) and to in-memory per-minute figures ({@link TrafficAggregator}),
 * which {@link #flush()} hands to the write queue every few seconds; only notable requests (slow, or answered
 * 5xx) are queued one by one as raw records for the slow list. Queuing every request raw cost about 40% of the
 * throughput of a trivial route; this costs a map lookup. A full queue drops (counted), it never blocks.
 * Other plugins get every request counted in {@link RequestMinute} figures, published at each flush, and a sample
 * as {@link RequestEvent}s (every n-th request of a stripe, and every notable one), published in batches
 * ({@link PendingEvents}): building and handing over an event for every request cost more than recording it.
 */
final class TrafficRecorder implements RequestObserver {

    static final String SERVICE = RequestEvent.OWN_SERVICE;
    /** One endpoint for every request no route matched, so that scanners probing paths add no endpoints. */
    static final String UNMATCHED = "(unmatched)";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
                                                      "TRACE", "CONNECT");

    private final TrafficAggregator figures = new TrafficAggregator();
    private final WriteQueue<OwnTraffic> queue;
    private final EventBus events;
    private final PendingEvents pending;
    private final Supplier<RequestsConfig> config;
    private final RequestMetrics metrics;
    /** Striped: one counter bumped by every request from both cores would bounce its cache line between them. */
    private final LongAdder recorded = new LongAdder();
    private final AtomicLong raw = new AtomicLong();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    TrafficRecorder(WriteQueue<OwnTraffic> queue, EventBus events, Supplier<RequestsConfig> config,
                    RequestMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
        this.events = events;
        this.pending = new PendingEvents(events);
        this.config = config;
    }

    @Override
    public void observe(HttpExchange exchange) {
        RequestsConfig settings = config.get();
        if (!settings.recordOwnTraffic() || exchange.status() < 100 || exchange.status() > 599) {
            return;
        }
        String method = METHODS.contains(exchange.method()) ? exchange.method() : "OTHER";
        String endpoint = exchange.routeTemplate() != null ? exchange.routeTemplate() : UNMATCHED;
        double durationMs = exchange.durationMs();
        boolean sample = figures.add(exchange.start().toEpochMilli(), new EndpointKey(SERVICE, method, endpoint),
                                     exchange.caller(), exchange.status(), durationMs,
                                     settings.ownTrafficEventSample());
        metrics.observe(SERVICE, method, endpoint, exchange.status(), durationMs);
        recorded.increment();
        boolean notable = exchange.status() >= 500 || durationMs >= settings.slowRequestMs();
        boolean published = (sample || notable) && events.hasSubscribers(RequestEvent.class);
        if (notable || published) {
            RequestEvent record = toRecord(exchange, method, endpoint);
            if (notable) {
                offer(new OwnTraffic.Raw(record));
                raw.incrementAndGet();
            }
            if (published) {
                pending.add(record);
                sampled.incrementAndGet();
            }
        }
    }

    /** Hands the figures gathered since the last flush to the write queue, and publishes them as minute figures. */
    void flush() {
        List<OwnTraffic> drained = figures.drain();
        drained.forEach(this::offer);
        pending.flush();
        if (events.hasSubscribers(RequestMinute.class)) {
            List<RequestMinute> minutes = new ArrayList<>();
            for (OwnTraffic item : drained) {
                if (item instanceof OwnTraffic.Minute minute && minute.stats().count() > 0) {
                    minutes.add(minute.stats().toMinute(minute.key(), 0, 0, 0));
                }
            }
            events.publishAll(RequestMinute.class, minutes);
        }
    }

    /** Publishes the requests waiting to be published (the scheduled task's work, every second). */
    void publishPending() {
        pending.flush();
    }

    private void offer(OwnTraffic item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
        }
    }

    static RequestEvent toRecord(HttpExchange exchange, String method, String endpoint) {
        String path = exchange.path() == null ? "" : truncate(exchange.path(), RecordParser.MAX_PATH);
        return new RequestEvent(exchange.start(), SERVICE, method, endpoint, path, exchange.status(),
                                exchange.durationMs(), exchange.caller(), exchange.requestId(), null, null, null,
                                exchange.bytesWritten() < 0 ? null : exchange.bytesWritten(),
                                exchange.clientAddress() == null ? null
                                        : truncate(exchange.clientAddress(), RecordParser.MAX_CLIENT));
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    long recorded() {
        return recorded.sum();
    }

    /** Own requests published one by one (the sample and the notable ones). */
    long sampled() {
        return sampled.get();
    }

    long raw() {
        return raw.get();
    }

    long dropped() {
        return dropped.get();
    }
}
