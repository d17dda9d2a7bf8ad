package dev.vigil.plugins.optimizer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;
import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Scores each endpoint-minute once it is complete, with the current models: predicts its sampled requests (the
 * residuals, and a sample of predictions stored against what really happened), scores the minute, stores the
 * anomalies and publishes {@value SignalCatalog#OPTIMIZER_ANOMALY_SCORE} per {service, endpoint} for alerting (and
 * shows the latest on the {@link OptimizerMetrics}).
 */
final class LiveScorer {

    /** A minute is scored once it ended this long ago: monitored applications send their records in batches. */
    static final long SETTLE_MS = 60_000;
    /** After a long pause (or at first), only this much of the past is caught up on. */
    static final long MAX_CATCH_UP_MS = 3_600_000;
    static final int MAX_SAMPLES = 50_000;

    private final LiveConfig<OptimizerConfig> config;
    private final Storage storage;
    private final HistoryStore history;
    private final AnomalyStore anomalies;
    private final PredictionStore predictions;
    private final StateStore state;
    private final Resources resources;
    private final ModelHolder holder;
    private final Signals signals;
    private final OptimizerMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Random random = new Random();
    /** Series last published at or over the cut: set back to 0 when their endpoint goes quiet. */
    private final Set<Map<String, String>> raised = new HashSet<>();

    LiveScorer(LiveConfig<OptimizerConfig> config, Storage storage, HistoryStore history, AnomalyStore anomalies,
               PredictionStore predictions, StateStore state, Resources resources, ModelHolder holder, Signals signals,
               OptimizerMetrics metrics, ObjectMapper json, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.history = history;
        this.anomalies = anomalies;
        this.predictions = predictions;
        this.state = state;
        this.resources = resources;
        this.holder = holder;
        this.signals = signals;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /** What one run did. */
    record Run(long from, long to, int minutes, int anomalies, int predictions) {
    }

    Optional<Run> run() throws Exception {
        Optional<LoadedModels> current = holder.current();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        LoadedModels models = current.get();
        OptimizerConfig settings = config.get();
        long now = clock.millis();
        long to = MinuteRow.minuteOf(now - SETTLE_MS);
        OptionalLong watermark = state.get(StateStore.SCORED_UNTIL);
        long from = Math.max(watermark.orElse(to - 10 * 60_000L), to - MAX_CATCH_UP_MS);
        if (from >= to) {
            return Optional.empty();
        }
        List<MinuteRow> minutes = history.newestMinutes(from, to, TrainingData.MAX_SCORED_MINUTES);
        List<RequestSample> samples = history.samplesBetween(from, to, MAX_SAMPLES);
        FeatureAssembler assembler = new FeatureAssembler(
                resources.timeline(from, to, settings.resourceMatchTolerance().toMillis()),
                history.concurrency(from, to));

        Map<MinuteRow.MinuteKey, double[]> residualSums = new HashMap<>();
        Map<MinuteRow.MinuteKey, List<PredictionStore.NewPrediction>> predicted = new HashMap<>();
        for (RequestSample sample : samples) {
            FeatureRow row = assembler.row(sample);
            double predictedMs = models.predictMs(row);
            MinuteRow.MinuteKey key = new MinuteRow.MinuteKey(sample.minuteAt(), sample.key());
            double[] sum = residualSums.computeIfAbsent(key, k -> new double[2]);
            sum[0] += ModelTrainer.relativeResidual(sample.durationMs(), predictedMs);
            sum[1]++;
            predicted.computeIfAbsent(key, k -> new ArrayList<>()).add(new PredictionStore.NewPrediction(
                    now, "live", sample.key(), sample.requestId(), sample.startedAt(), sample.startedAt(),
                    predictedMs, models.version(), json.writeValueAsString(inputs(row)), sample.durationMs(),
                    sample.startedAt()));
        }
        List<PredictionStore.NewPrediction> kept = keepPerMinute(predicted, settings.livePredictionsPerMinute());

        List<ModelTrainer.ScoredMinute> scored = new ArrayList<>();
        if (models.detector() != null) {
            for (MinuteRow minute : minutes) {
                double[] sum = residualSums.get(minute.minuteKey());
                double residual = sum == null ? Double.NaN : sum[0] / sum[1];
                AnomalyDetector.Score score = models.detector().score(minute, residual);
                if (score != null) {
                    scored.add(new ModelTrainer.ScoredMinute(minute, score, residual,
                                                             models.detector().usualAvgMs(minute.key())));
                }
            }
        }
        List<ModelTrainer.ScoredMinute> found = scored.stream()
                .filter(s -> s.score().combined() >= settings.anomalyCut()).toList();
        storage.inTransaction(connection -> {
            anomalies.put(connection, found, models.version());
            predictions.addAll(connection, kept);
            state.put(connection, StateStore.SCORED_UNTIL, to);
            return null;
        });
        publish(scored, settings.anomalyCut(), to);
        return Optional.of(new Run(from, to, minutes.size(), found.size(), kept.size()));
    }

    /** One point per {service, endpoint} and minute, oldest first: the worst method's score. */
    private void publish(List<ModelTrainer.ScoredMinute> scored, double cut, long to) {
        Map<Long, Map<Map<String, String>, Double>> byMinute = new TreeMap<>();
        for (ModelTrainer.ScoredMinute s : scored) {
            Map<String, String> labels = Map.of("service", s.row().key().service(), "endpoint",
                                                s.row().key().endpoint());
            byMinute.computeIfAbsent(s.row().minuteAt(), m -> new LinkedHashMap<>())
                    .merge(labels, s.score().combined(), Math::max);
        }
        Set<Map<String, String>> seen = new HashSet<>();
        byMinute.forEach((minute, series) -> series.forEach((labels, score) -> {
            signals.publish(SignalCatalog.OPTIMIZER_ANOMALY_SCORE, labels, score, Instant.ofEpochMilli(minute));
            metrics.scored(labels.get("service"), labels.get("endpoint"), score, minute);
            seen.add(labels);
            if (score >= cut) {
                raised.add(labels);
            } else {
                raised.remove(labels);
            }
        }));
        // An endpoint that went quiet after an anomaly would otherwise keep its high score as "latest" for ever.
        for (Map<String, String> labels : new ArrayList<>(raised)) {
            if (!seen.contains(labels)) {
                signals.publish(SignalCatalog.OPTIMIZER_ANOMALY_SCORE, labels, 0, Instant.ofEpochMilli(to));
                metrics.scored(labels.get("service"), labels.get("endpoint"), 0, to);
                raised.remove(labels);
            }
        }
    }

    private List<PredictionStore.NewPrediction> keepPerMinute(
            Map<MinuteRow.MinuteKey, List<PredictionStore.NewPrediction>> predicted, int perMinute) {
        if (perMinute == 0) {
            return List.of();
        }
        // The budget is per minute over all endpoints, shared out so that every endpoint is represented.
        Map<Long, List<List<PredictionStore.NewPrediction>>> byMinute = new TreeMap<>();
        predicted.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().key().id()))
                .forEach(e -> byMinute.computeIfAbsent(e.getKey().minuteAt(), m -> new ArrayList<>())
                        .add(new ArrayList<>(e.getValue())));
        List<PredictionStore.NewPrediction> kept = new ArrayList<>();
        for (List<List<PredictionStore.NewPrediction>> endpoints : byMinute.values()) {
            endpoints.forEach(list -> Collections.shuffle(list, random));
            int taken = 0;
            for (int round = 0; taken < perMinute; round++) {
                boolean any = false;
                for (List<PredictionStore.NewPrediction> list : endpoints) {
                    if (round < list.size() && taken < perMinute) {
                        kept.add(list.get(round));
                        taken++;
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
        }
        return kept;
    }

    /** The inputs of a prediction as stored with it: only what was known. */
    static Map<String, Object> inputs(FeatureRow row) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("time", Instant.ofEpochMilli(row.time()).toString());
        put(inputs, "query_count", row.queryCount());
        put(inputs, "query_time_ms", row.queryTimeMs());
        put(inputs, "cpu_percent", row.cpuPercent());
        put(inputs, "memory_percent", row.memoryPercent());
        put(inputs, "concurrent_requests", row.concurrentRequests());
        return inputs;
    }

    private static void put(Map<String, Object> inputs, String name, double value) {
        if (!Double.isNaN(value)) {
            inputs.put(name, TrainingService.round(value));
        }
    }
}
