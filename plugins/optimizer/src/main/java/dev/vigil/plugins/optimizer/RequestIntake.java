package dev.vigil.plugins.optimizer;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;
import dev.vigil.api.storage.Storage;

/**
 * Receives requests on the subscriptions' own threads, never a request thread. Per-minute endpoint totals come from
 * {@link RequestMinute} figures, which count every request exactly (ingested records once committed, Vigil's own
 * every flush) and are few; RequestEvents, which may be dropped under overload (counted by the kernel) or sampled
 * (Vigil's own), only give the bounded random sample of training rows and what really happened to predictions
 * waiting for their request. One transaction per delivery.
 */
final class RequestIntake {

    private final LiveConfig<OptimizerConfig> config;
    private final Storage storage;
    private final HistoryStore history;
    private final PredictionStore predictions;
    private final PendingPredictions pending;
    private final Clock clock;
    private final SampleQuota quota = new SampleQuota(new Random());
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong sampled = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong countedFromFigures = new AtomicLong();
    private volatile long lastEventAt;

    RequestIntake(LiveConfig<OptimizerConfig> config, Storage storage, HistoryStore history,
                  PredictionStore predictions, PendingPredictions pending, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.history = history;
        this.predictions = predictions;
        this.pending = pending;
        this.clock = clock;
    }

    void accept(List<RequestEvent> events) {
        List<RequestSample> samples = quota.select(events, config.get().samplesPerEndpointMinute());
        List<PendingPredictions.Match> matches = pending.match(events, clock.millis());
        try {
            storage.inTransaction(connection -> {
                history.addSamples(connection, samples);
                predictions.recordActuals(connection, matches);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store " + events.size() + " request events: "
                                                    + e.getMessage(), e);
        }
        seen.addAndGet(events.size());
        sampled.addAndGet(samples.size());
        matched.addAndGet(matches.size());
        lastEventAt = events.stream().mapToLong(e -> e.timestamp().toEpochMilli()).max().orElse(lastEventAt);
    }

    /** Minute figures of every request: the totals. */
    void acceptFigures(List<RequestMinute> figures) {
        MinuteRollup rollup = MinuteRollup.ofFigures(figures);
        try {
            storage.inTransaction(connection -> {
                history.addMinutes(connection, rollup.rows());
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store " + figures.size() + " minute figures: "
                                                    + e.getMessage(), e);
        }
        countedFromFigures.addAndGet(figures.stream().mapToLong(RequestMinute::count).sum());
    }

    /** Requests counted in the per-minute totals. */
    long countedFromFigures() {
        return countedFromFigures.get();
    }

    long seen() {
        return seen.get();
    }

    long sampled() {
        return sampled.get();
    }

    long matched() {
        return matched.get();
    }

    long lastEventAt() {
        return lastEventAt;
    }
}
