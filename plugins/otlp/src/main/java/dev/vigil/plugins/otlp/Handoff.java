package dev.vigil.plugins.otlp;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.ErrorIngest;
import dev.vigil.api.services.QueryIngest;
import dev.vigil.api.services.RequestIngest;

/**
 * Hands what assembled traces turned into to the plugins that own it, through their ingest services, and stores
 * the kept traces. Each part is delivered once; a part whose owner is not running or cannot take it now (a full
 * queue) is tried again on the next rounds, for {@code handoff-retry-for}; only then is it given up, counted and
 * logged. The inbox keeps the spans of a delivery until it is complete, so a restart delivers it again.
 */
final class Handoff {

    private static final int TRACES = 8;
    private static final int ALL = Parts.REQUESTS | Parts.QUERIES | Parts.ERRORS | TRACES;

    /** One round's records, the spans they came from, and which parts have been delivered. */
    static final class Delivery {
        final List<RequestEvent> requests = new ArrayList<>();
        final List<QueryEvent> queries = new ArrayList<>();
        final List<ErrorEvent> errors = new ArrayList<>();
        final List<KeptTrace> kept = new ArrayList<>();
        final List<SpanRecord> spans = new ArrayList<>();
        long firstTry;
        int delivered;

        boolean isEmpty() {
            return spans.isEmpty();
        }
    }

    /** A part that could not be delivered this round: why. */
    private static final class NotNow extends Exception {
        NotNow(String message) {
            super(message, null, false, false);
        }
    }

    private final ServiceLookup services;
    private final TraceStore traces;
    private final Supplier<OtlpConfig> config;
    private final IntakeStats stats;
    private final System.Logger log;
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();

    Handoff(ServiceLookup services, TraceStore traces, Supplier<OtlpConfig> config, IntakeStats stats,
            System.Logger log) {
        this.services = services;
        this.traces = traces;
        this.config = config;
        this.stats = stats;
        this.log = log;
    }

    /**
     * Delivers this round's records and retries earlier rounds' parts.
     *
     * @return the spans of every delivery now complete (or given up): their inbox rows may go
     */
    synchronized List<SpanRecord> deliver(Delivery delivery, long now) {
        List<SpanRecord> finished = new ArrayList<>();
        int rounds = waiting.size();
        for (int i = 0; i < rounds; i++) {
            Delivery earlier = waiting.poll();
            if (attempt(earlier, now)) {
                finished.addAll(earlier.spans);
            } else {
                waiting.add(earlier);
            }
        }
        if (!delivery.isEmpty()) {
            delivery.firstTry = now;
            if (attempt(delivery, now)) {
                finished.addAll(delivery.spans);
            } else {
                waiting.add(delivery);
            }
        }
        return finished;
    }

    /** Whether the delivery is over: every part delivered, or given up after the retry period. */
    private boolean attempt(Delivery delivery, long now) {
        OtlpConfig settings = config.get();
        List<Part> parts = parts(delivery, settings);
        List<String> failures = deliverSideBySide(delivery, parts);
        if (delivery.delivered == ALL) {
            return true;
        }
        if (now - delivery.firstTry >= settings.handoffRetryFor().toMillis()) {
            giveUp(delivery, parts, failures);
            return true;
        }
        stats.add("handoff_retries", 1);
        return false;
    }

    /**
     * One part of a delivery: its bit, what it holds, the counter its items are lost under when given up, and how
     * it is delivered.
     */
    private record Part(int bit, List<?> items, String lostCounter, Work work) {
    }

    @FunctionalInterface
    private interface Work {
        void deliver() throws NotNow;
    }

    private List<Part> parts(Delivery delivery, OtlpConfig settings) {
        Duration timeout = settings.handoffTimeout();
        return List.of(
                new Part(Parts.REQUESTS, delivery.requests, "requests_lost", () -> handed(
                        "requests", delivery.requests, owner(RequestIngest.class, Parts.REQUESTS).store(
                                delivery.requests, timeout))),
                new Part(Parts.QUERIES, delivery.queries, "statements_lost", () -> handed(
                        "statements", delivery.queries, owner(QueryIngest.class, Parts.QUERIES).store(
                                delivery.queries, timeout))),
                new Part(Parts.ERRORS, delivery.errors, "errors_lost", () -> handed(
                        "errors", delivery.errors, owner(ErrorIngest.class, Parts.ERRORS).store(delivery.errors,
                                                                                                timeout))),
                new Part(TRACES, delivery.kept, "kept_traces_lost", () -> {
                    try {
                        traces.store(delivery.kept, settings.traces().maxSpansPerTrace());
                    } catch (SQLException e) {
                        throw new NotNow("kept traces could not be stored: " + e.getMessage());
                    }
                    stats.add("traces_kept", delivery.kept.size());
                }));
    }

    /**
     * Counts a delivered part: what its owner stored, and what it refused by its ingest route's rules (a time
     * outside its window, a number out of range) — those are not retried.
     */
    private void handed(String what, List<?> offered, int stored) {
        stats.add(what + "_handed", stored);
        if (offered.size() > stored) {
            stats.add(what + "_refused_by_owner", offered.size() - stored);
        }
    }

    /**
     * Delivers the parts not delivered yet, side by side: each waits for its owner's commit, and the owners commit
     * on write queues of their own, so the round takes as long as the slowest, not as long as all of them.
     *
     * @return why the parts that could not be delivered were not
     */
    private static List<String> deliverSideBySide(Delivery delivery, List<Part> parts) {
        List<Map.Entry<Part, Future<String>>> running = new ArrayList<>();
        try (ExecutorService owners = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Part part : parts) {
                if ((delivery.delivered & part.bit()) != 0) {
                    continue;
                }
                if (part.items().isEmpty()) {
                    delivery.delivered |= part.bit();
                    continue;
                }
                running.add(Map.entry(part, owners.submit(() -> tryPart(part))));
            }
        } // close() waits for every part
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Part, Future<String>> started : running) {
            String failure = started.getValue().resultNow();
            if (failure == null) {
                delivery.delivered |= started.getKey().bit();
            } else {
                failures.add(failure);
            }
        }
        return failures;
    }

    /** Delivers one part; answers null when it was delivered, else why not. */
    private static String tryPart(Part part) {
        try {
            part.work().deliver();
            return null;
        } catch (NotNow e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            // A full queue (a 503 from the owner) or the owner's failure: tried again next round.
            return (part.bit() == TRACES ? "kept traces" : "plugin '" + Parts.owner(part.bit()) + "'") + ": "
                    + e.getMessage();
        }
    }

    private <T> T owner(Class<T> service, int part) throws NotNow {
        Optional<T> found = services.find(service);
        if (found.isEmpty()) {
            throw new NotNow("plugin '" + Parts.owner(part) + "' is not running");
        }
        return found.get();
    }

    private void giveUp(Delivery delivery, List<Part> parts, List<String> failures) {
        long lost = 0;
        for (Part part : parts) {
            if ((delivery.delivered & part.bit()) == 0) {
                stats.add(part.lostCounter(), part.items().size());
                lost += part.items().size();
            }
        }
        log.log(System.Logger.Level.WARNING, "otlp: gave up handing over " + lost + " records after "
                + config.get().handoffRetryFor().toSeconds() + " s of retries: " + String.join("; ", failures));
    }

    /** Deliveries waiting for a retry. */
    synchronized int waiting() {
        return waiting.size();
    }
}
