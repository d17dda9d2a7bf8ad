package dev.vigil.plugins.optimizer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Metrics;

/**
 * The optimizer on {@code /metrics}: each endpoint's latest anomaly score, read at scrape, and trainings by
 * outcome. An endpoint not scored for {@link #FORGET_AFTER} drops out, so that endpoints gone quiet do not pile up.
 */
final class OptimizerMetrics {

    static final Duration FORGET_AFTER = Duration.ofHours(1);

    /** One endpoint's latest score and the minute it was for. */
    private record Score(double value, long minuteAt) {
    }

    private record Endpoint(String service, String endpoint) {
    }

    private final Map<Endpoint, Score> scores = new ConcurrentHashMap<>();
    private final Counter trainings;

    OptimizerMetrics(Metrics metrics, Clock clock) {
        metrics.gaugeReadAtScrape("vigil_optimizer_anomaly_score", "Latest anomaly score of each endpoint (0-1; the "
                + "worst method's, at or above anomaly-cut is an anomaly), scored as its minutes complete.",
                                  List.of("service", "endpoint"), sink -> {
                    long oldest = clock.millis() - FORGET_AFTER.toMillis();
                    scores.entrySet().removeIf(entry -> entry.getValue().minuteAt() < oldest);
                    scores.forEach((key, score) -> sink.set(score.value(), key.service(), key.endpoint()));
                });
        trainings = metrics.counter("vigil_optimizer_trainings_total", "Model trainings that ended, by outcome "
                + "(succeeded, failed, cancelled).", "outcome");
    }

    /** A score of an endpoint's minute; an older minute than the one shown changes nothing. */
    void scored(String service, String endpoint, double score, long minuteAt) {
        scores.merge(new Endpoint(service, endpoint), new Score(score, minuteAt),
                     (shown, next) -> next.minuteAt() >= shown.minuteAt() ? next : shown);
    }

    /** Runs a training and counts how it ended. */
    <T> T training(Callable<T> work) throws Exception {
        try {
            T result = work.call();
            trainings.inc("succeeded");
            return result;
        } catch (CancellationException e) {
            trainings.inc("cancelled");
            throw e;
        } catch (Exception | Error e) {
            trainings.inc("failed");
            throw e;
        }
    }
}
