package dev.vigil.plugins.optimizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.vigil.api.Durations;
import dev.vigil.api.Jobs;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs training as a job: checks there is enough data (409 otherwise, saying how much there is), loads it, trains
 * on the plugin's Weka thread, saves the models (files plus a row), stores the anomalies found, and switches
 * predictions and live scoring to the new models.
 */
final class TrainingService {

    static final String JOB_KIND = "train";

    private final LiveConfig<OptimizerConfig> config;
    private final Storage storage;
    private final TrainingData data;
    private final ModelStore models;
    private final AnomalyStore anomalies;
    private final StateStore state;
    private final ModelHolder holder;
    private final WekaRuntime weka;
    private final Jobs jobs;
    private final OptimizerMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final System.Logger log;

    TrainingService(LiveConfig<OptimizerConfig> config, Storage storage, TrainingData data, ModelStore models,
                    AnomalyStore anomalies, StateStore state, ModelHolder holder, WekaRuntime weka, Jobs jobs,
                    OptimizerMetrics metrics, ObjectMapper json, Clock clock, System.Logger log) {
        this.config = config;
        this.storage = storage;
        this.data = data;
        this.models = models;
        this.anomalies = anomalies;
        this.state = state;
        this.holder = holder;
        this.weka = weka;
        this.jobs = jobs;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.log = log;
    }

    /** How often the schedule is checked: the training interval, but at least hourly. */
    static Duration checkInterval(Duration trainingInterval) {
        return trainingInterval.compareTo(Duration.ofHours(1)) < 0 ? trainingInterval : Duration.ofHours(1);
    }

    /**
     * Starts a training job (or answers the one already running).
     *
     * @throws ApiException 409 when fewer than min-training-records requests are available
     */
    Jobs.Job start(String trigger) throws SQLException {
        OptimizerConfig settings = config.get();
        long to = clock.millis();
        long from = to - settings.trainingWindow().toMillis();
        TrainingData.Available available = data.available(from, to, settings.minTrainingRecords());
        if (available.records() < settings.minTrainingRecords()) {
            throw ApiException.conflict(
                    "training needs at least " + settings.minTrainingRecords() + " request records from the last "
                            + Durations.format(settings.trainingWindow()) + "; " + available.records()
                            + (available.records() == 1 ? " is" : " are") + " available",
                    Map.of("records", available.records(), "min_training_records", settings.minTrainingRecords(),
                           "training_window", Durations.format(settings.trainingWindow())));
        }
        return jobs.submit(JOB_KIND, progress -> metrics.training(() -> weka.call(() -> train(trigger, progress))));
    }

    /**
     * The scheduled check: trains when the newest model is older than training-interval (or there is none). Checking
     * often and training when due keeps the schedule across restarts. Too little data is logged and skipped, not
     * counted as a failure.
     */
    void trainIfDue() throws SQLException {
        List<ModelStore.ModelRow> newest = models.list(1);
        if (!newest.isEmpty() && Duration.between(newest.get(0).trainedAt(), clock.instant())
                .compareTo(config.get().trainingInterval()) < 0) {
            return;
        }
        try {
            Jobs.Job job = start("schedule");
            log.log(System.Logger.Level.INFO, "scheduled training started as job " + job.id());
        } catch (ApiException tooLittle) {
            log.log(System.Logger.Level.INFO, "scheduled training skipped: " + tooLittle.getMessage());
        }
    }

    private Map<String, Object> train(String trigger, Jobs.Progress progress) throws Exception {
        TrainingSteps steps = new TrainingSteps() {
            @Override
            public void progress(double fraction, String message) {
                progress.update(fraction, message);
            }

            @Override
            public boolean cancelled() {
                return progress.cancelled();
            }
        };
        OptimizerConfig settings = config.get();
        long started = System.nanoTime();
        Instant trainedAt = clock.instant();
        long to = trainedAt.toEpochMilli();
        long from = to - settings.trainingWindow().toMillis();
        steps.progress(0.01, "loading request history");
        TrainingData.Loaded loaded = data.load(from, to, settings, settings.minTrainingRecords());
        List<RequestSample> samples = loaded.input().samples();
        if (samples.size() < settings.minTrainingRecords()) {
            throw new IllegalStateException("only " + samples.size() + " request records remained to train on (at "
                                                    + "least " + settings.minTrainingRecords() + " are needed)");
        }
        steps.checkCancelled();
        ModelTrainer.Settings trainerSettings = new ModelTrainer.Settings(
                new ResponseTimeTrainer.Settings(settings.forestTrees(), settings.forestMaxDepth(),
                                                 settings.forestMinLeaf(), settings.crossValidationFolds(),
                                                 settings.trainingThreads(), 1),
                settings.anomalyTrees(), settings.anomalySubsample(), settings.maxEndpoints(), settings.zone());
        ModelTrainer.Output output = ModelTrainer.train(loaded.input(), trainerSettings, steps.slice(0.05, 0.9));

        steps.checkCancelled();
        steps.progress(0.92, "saving the models");
        String stamp = trainedAt.toEpochMilli() + "-" + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextInt());
        LoadedModels unsaved = new LoadedModels(0, trainedAt, output.responseTime().forest(), output.header(),
                                                settings.zone(), output.detector());
        String forestFile = "response-time-" + stamp + ".model";
        long forestBytes = ModelFiles.write(models.directory().resolve(forestFile), unsaved.forestToStored());
        String anomalyFile = output.detector() == null ? null : "anomaly-" + stamp + ".model";
        Long anomalyBytes = anomalyFile == null ? null
                : ModelFiles.write(models.directory().resolve(anomalyFile), output.detector().toStored());
        long dataFrom = samples.stream().mapToLong(RequestSample::startedAt).min().orElse(from);
        long dataTo = samples.stream().mapToLong(RequestSample::startedAt).max().orElse(to);
        long trainingMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<ModelTrainer.ScoredMinute> found = output.scored().stream()
                .filter(s -> s.score().combined() >= settings.anomalyCut()).toList();
        Map<String, Object> details = details(settings, output, loaded, found.size(), trigger);
        long version;
        try {
            version = models.add(new ModelStore.ModelRow(
                    0, trainedAt, trainingMs, Instant.ofEpochMilli(dataFrom), Instant.ofEpochMilli(dataTo),
                    samples.size(), loaded.input().trainingMinutes().size(), loaded.source(), forestFile, forestBytes,
                    anomalyFile, anomalyBytes, json.writeValueAsString(details)));
        } catch (SQLException | RuntimeException e) {
            deleteQuietly(models.directory().resolve(forestFile));
            if (anomalyFile != null) {
                deleteQuietly(models.directory().resolve(anomalyFile));
            }
            throw e;
        }
        storage.inTransaction(connection -> {
            if (output.detector() != null) {
                anomalies.replace(connection, loaded.scoreFrom(), loaded.scoreTo(), found, version);
            }
            state.put(connection, StateStore.SCORED_UNTIL, loaded.scoreTo());
            return null;
        });
        holder.use(new LoadedModels(version, trainedAt, unsaved.forest(), unsaved.header(), unsaved.zone(),
                                    unsaved.detector()));
        models.prune(settings.keepModels());
        ResponseTimeTrainer.Metrics metrics = output.responseTime().metrics();
        log.log(System.Logger.Level.INFO, "trained model version " + version + " on " + samples.size()
                + " requests in " + trainingMs + " ms: MAE " + round(metrics.maeMs()) + " ms, correlation "
                + round(metrics.correlation()) + ", " + found.size() + " anomalous endpoint-minutes");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("version", version);
        result.put("trained_at", trainedAt);
        result.put("training_ms", trainingMs);
        result.put("records", samples.size());
        result.put("source", loaded.source());
        result.put("metrics", details.get("metrics"));
        result.put("feature_importance", details.get("feature_importance"));
        result.put("anomalies_found", found.size());
        result.put("notes", output.notes());
        return result;
    }

    private Map<String, Object> details(OptimizerConfig settings, ModelTrainer.Output output,
                                        TrainingData.Loaded loaded, int anomaliesFound, String trigger) {
        ResponseTimeTrainer.Metrics m = output.responseTime().metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("cross_validation_folds", m.folds());
        metrics.put("records", m.records());
        metrics.put("mae_ms", round(m.maeMs()));
        metrics.put("rmse_ms", round(m.rmseMs()));
        metrics.put("correlation", round(m.correlation()));
        metrics.put("r2", round(m.r2()));
        metrics.put("baseline_mae_ms", round(m.baselineMaeMs()));
        metrics.put("mean_ms", round(m.meanMs()));
        List<Map<String, Object>> importance = new ArrayList<>();
        for (ResponseTimeTrainer.FeatureImportance feature : output.responseTime().importance()) {
            importance.add(Map.of("feature", feature.feature(), "mae_increase_ms", round(feature.maeIncreaseMs()),
                                  "share", round(feature.share())));
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < output.header().numAttributes(); i++) {
            if (i != output.header().classIndex()) {
                features.add(output.header().attribute(i).name());
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("trigger", trigger);
        details.put("algorithm", "weka.classifiers.trees.RandomForest");
        details.put("trees", settings.forestTrees());
        details.put("max_depth", settings.forestMaxDepth());
        details.put("min_leaf", settings.forestMinLeaf());
        details.put("time_zone", settings.timeZone());
        details.put("features", features);
        details.put("metrics", metrics);
        details.put("feature_importance", importance);
        details.put("resources", loaded.input().resources().source().name().toLowerCase(java.util.Locale.ROOT));
        if (output.detector() != null) {
            double[] scores = output.scored().stream().mapToDouble(s -> s.score().combined()).toArray();
            Map<String, Object> anomaly = new LinkedHashMap<>();
            anomaly.put("algorithm", "weka.classifiers.misc.IsolationForest");
            anomaly.put("trees", settings.anomalyTrees());
            anomaly.put("subsample", settings.anomalySubsample());
            anomaly.put("cut", settings.anomalyCut());
            anomaly.put("figures", AnomalyDetector.FIGURES);
            anomaly.put("endpoints", output.detector().endpoints());
            anomaly.put("minutes_trained", loaded.input().trainingMinutes().size());
            anomaly.put("minutes_scored", scores.length);
            anomaly.put("anomalies_found", anomaliesFound);
            anomaly.put("score_median", round(Stats.median(scores)));
            anomaly.put("score_p99", round(Stats.quantile(scores, 0.99)));
            details.put("anomaly", anomaly);
        }
        details.put("notes", output.notes());
        return details;
    }

    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return 0;
        }
        return Math.round(value * 1000) / 1000.0;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
            // A file left behind is removed by the next prune.
        }
    }
}
