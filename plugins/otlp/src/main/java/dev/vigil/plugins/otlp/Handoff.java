package dev.vigil.plugins.otlp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        Duration timeout = settings.handoffTimeout();
        Map<Integer, Part> parts = new LinkedHashMap<>();
        parts.put(Parts.REQUESTS, () -> {
            RequestIngest ingest = owner(RequestIngest.class, Parts.REQUESTS);
            stats.add("requests_handed", ingest.store(delivery.requests, timeout));
        });
        parts.put(Parts.QUERIES, () -> {
            QueryIngest ingest = owner(QueryIngest.class, Parts.QUERIES);
            stats.add("statements_handed", ingest.store(delivery.queries, timeout));
        });
        parts.put(Parts.ERRORS, () -> {
            ErrorIngest ingest = owner(ErrorIngest.class, Parts.ERRORS);
            stats.add("errors_handed", ingest.store(delivery.errors, timeout));
        });
        parts.put(TRACES, () -> {
            try {
                traces.store(delivery.kept, settings.traces().maxSpansPerTrace());
            } catch (java.sql.SQLException e) {
                throw new NotNow("kept traces could not be stored: " + e.getMessage());
            }
            stats.add("traces_kept", delivery.kept.size());
        });
        List<String> failures = deliverSideBySide(delivery, parts);
        if (delivery.delivered == ALL) {
            return true;
        }
        if (now - delivery.firstTry >= settings.handoffRetryFor().toMillis()) {
            giveUp(delivery, failures);
            return true;
        }
        stats.add("handoff_retries", 1);
        return false;
    }

    @FunctionalInterface
    private interface Part {
        void deliver() throws NotNow;
    }

    /**
     * Delivers the parts not delivered yet, side by side: each waits for its owner's commit, and the owners commit
     * on write queues of their own, so the round takes as long as the slowest, not as long as all of them.
     *
     * @return why the parts that could not be delivered were not
     */
    private List<String> deliverSideBySide(Delivery delivery, Map<Integer, Part> parts) {
        Map<Integer, Future<String>> running = new LinkedHashMap<>();
        try (ExecutorService owners = Executors.newVirtualThreadPerTaskExecutor()) {
            parts.forEach((part, work) -> {
                if ((delivery.delivered & part) != 0) {
                    return;
                }
                if (items(delivery, part).isEmpty()) {
                    delivery.delivered |= part;
                    return;
                }
                running.put(part, owners.submit(() -> tryPart(part, work)));
            });
        } // close() waits for every part
        List<String> failures = new ArrayList<>();
        running.forEach((part, outcome) -> {
            String failure = outcome.resultNow();
            if (failure == null) {
                delivery.delivered |= part;
            } else {
                failures.add(failure);
            }
        });
        return failures;
    }

    private static List<?> items(Delivery delivery, int part) {
        return switch (part) {
            case Parts.REQUESTS -> delivery.requests;
            case Parts.QUERIES -> delivery.queries;
            case Parts.ERRORS -> delivery.errors;
            default -> delivery.kept;
        };
    }

    /** Delivers one part; answers null when it was delivered, else why not. */
    private static String tryPart(int part, Part work) {
        try {
            work.deliver();
            return null;
        } catch (NotNow e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            // A full queue (a 503 from the owner) or the owner's failure: tried again next round.
            return (part == TRACES ? "kept traces" : "plugin '" + Parts.owner(part) + "'") + ": " + e.getMessage();
        }
    }

    private <T> T owner(Class<T> service, int part) throws NotNow {
        Optional<T> found = services.find(service);
        if (found.isEmpty()) {
            throw new NotNow("plugin '" + Parts.owner(part) + "' is not running");
        }
        return found.get();
    }

    private void giveUp(Delivery delivery, List<String> failures) {
        long lost = 0;
        if ((delivery.delivered & Parts.REQUESTS) == 0) {
            stats.add("requests_lost", delivery.requests.size());
            lost += delivery.requests.size();
        }
        if ((delivery.delivered & Parts.QUERIES) == 0) {
            stats.add("statements_lost", delivery.queries.size());
            lost += delivery.queries.size();
        }
        if ((delivery.delivered & Parts.ERRORS) == 0) {
            stats.add("errors_lost", delivery.errors.size());
            lost += delivery.errors.size();
        }
        if ((delivery.delivered & TRACES) == 0) {
            stats.add("kept_traces_lost", delivery.kept.size());
            lost += delivery.kept.size();
        }
        log.log(System.Logger.Level.WARNING, "otlp: gave up handing over " + lost + " records after "
                + config.get().handoffRetryFor().toSeconds() + " s of retries: " + String.join("; ", failures));
    }

    /** Deliveries waiting for a retry. */
    synchronized int waiting() {
        return waiting.size();
    }
}
