package dev.vigil.plugins.otlp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        List<String> failures = new ArrayList<>();
        tryPart(delivery, Parts.REQUESTS, delivery.requests, failures, () -> {
            RequestIngest ingest = owner(RequestIngest.class, Parts.REQUESTS);
            stats.add("requests_handed", ingest.store(delivery.requests, timeout));
        });
        tryPart(delivery, Parts.QUERIES, delivery.queries, failures, () -> {
            QueryIngest ingest = owner(QueryIngest.class, Parts.QUERIES);
            stats.add("statements_handed", ingest.store(delivery.queries, timeout));
        });
        tryPart(delivery, Parts.ERRORS, delivery.errors, failures, () -> {
            ErrorIngest ingest = owner(ErrorIngest.class, Parts.ERRORS);
            stats.add("errors_handed", ingest.store(delivery.errors, timeout));
        });
        tryPart(delivery, TRACES, delivery.kept, failures, () -> {
            try {
                traces.store(delivery.kept, settings.traces().maxSpansPerTrace());
            } catch (java.sql.SQLException e) {
                throw new NotNow("kept traces could not be stored: " + e.getMessage());
            }
            stats.add("traces_kept", delivery.kept.size());
        });
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

    private void tryPart(Delivery delivery, int part, List<?> items, List<String> failures, Part work) {
        if ((delivery.delivered & part) != 0) {
            return;
        }
        if (items.isEmpty()) {
            delivery.delivered |= part;
            return;
        }
        try {
            work.deliver();
            delivery.delivered |= part;
        } catch (NotNow e) {
            failures.add(e.getMessage());
        } catch (RuntimeException e) {
            // A full queue (a 503 from the owner) or the owner's failure: tried again next round.
            failures.add((part == TRACES ? "kept traces" : "plugin '" + Parts.owner(part) + "'") + ": "
                                 + e.getMessage());
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
