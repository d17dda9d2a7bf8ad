package dev.vigil.plugins.optimizer;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import weka.core.Instances;

/**
 * The whole training, on data already loaded: features, the cross-validated response-time forest, out-of-fold
 * residuals per endpoint-minute, the anomaly detector, and the scores of the recent minutes. No I/O here.
 */
final class ModelTrainer {

    /** Predictions below this are treated as this when computing relative residuals (avoids dividing by ~0). */
    static final double RESIDUAL_FLOOR_MS = 1.0;

    record Settings(ResponseTimeTrainer.Settings forest, int anomalyTrees, int anomalySubsample, int maxEndpoints,
                    ZoneId zone) {
    }

    /**
     * @param samples          the training requests
     * @param trainingMinutes  the endpoint-minutes the anomaly detector learns from
     * @param scoringMinutes   the endpoint-minutes to score now (the recent ones)
     */
    record Input(List<RequestSample> samples, List<MinuteRow> trainingMinutes, List<MinuteRow> scoringMinutes,
                 ResourceTimeline resources, Concurrency concurrency) {
    }

    /** One scored endpoint-minute. */
    record ScoredMinute(MinuteRow row, AnomalyDetector.Score score, double residual, double usualAvgMs) {
    }

    /** What training produced. {@code detector} is null when no endpoint had enough minutes. */
    record Output(Instances header, ResponseTimeTrainer.Result responseTime, AnomalyDetector detector,
                  List<ScoredMinute> scored, List<String> notes) {
    }

    private ModelTrainer() {
    }

    static Output train(Input input, Settings settings, TrainingSteps steps) throws Exception {
        List<String> notes = new ArrayList<>();
        FeatureAssembler assembler = new FeatureAssembler(input.resources(), input.concurrency());
        List<FeatureRow> rows = input.samples().stream().map(assembler::row).toList();
        RequestFeatures.Design design = RequestFeatures.design(rows, settings.maxEndpoints());
        notes.addAll(design.notes());
        switch (input.resources().source()) {
            case RESOURCE_HISTORY -> notes.add("cpu and memory at request time from the ResourceHistory service");
            case SYSTEM_SIGNALS -> notes.add("cpu and memory at request time from the system.cpu_percent and "
                                                     + "system.memory_percent signals");
            case NONE -> notes.add("no ResourceHistory service and no system signals: trained without cpu_percent "
                                           + "and memory_percent");
        }
        Instances data = RequestFeatures.dataset(design.header(), rows, settings.zone());
        long[] minutes = input.samples().stream().mapToLong(RequestSample::minuteAt).toArray();
        ResponseTimeTrainer.Result responseTime = ResponseTimeTrainer.train(data, minutes, settings.forest(),
                                                                            steps.slice(0, 0.85));

        Map<MinuteRow.MinuteKey, double[]> residualSums = new HashMap<>();
        double[] outOfFold = responseTime.outOfFold();
        for (int i = 0; i < rows.size(); i++) {
            RequestSample sample = input.samples().get(i);
            double residual = relativeResidual(sample.durationMs(), outOfFold[i]);
            double[] sum = residualSums.computeIfAbsent(new MinuteRow.MinuteKey(sample.minuteAt(), sample.key()),
                                                         k -> new double[2]);
            sum[0] += residual;
            sum[1]++;
        }
        steps.checkCancelled();
        steps.progress(0.87, "training the anomaly detector on " + input.trainingMinutes().size()
                + " endpoint-minutes");
        AnomalyDetector detector = AnomalyDetector.train(input.trainingMinutes(),
                                                         row -> meanResidual(residualSums, row),
                                                         settings.anomalyTrees(), settings.anomalySubsample(),
                                                         settings.forest().seed());
        List<ScoredMinute> scored = new ArrayList<>();
        if (detector == null) {
            notes.add("no anomaly detector: no endpoint has " + AnomalyDetector.MIN_MINUTES
                              + " minutes of traffic yet");
        } else {
            steps.progress(0.95, "scoring " + input.scoringMinutes().size() + " recent endpoint-minutes");
            for (MinuteRow row : input.scoringMinutes()) {
                double residual = meanResidual(residualSums, row);
                AnomalyDetector.Score score = detector.score(row, residual);
                if (score != null) {
                    scored.add(new ScoredMinute(row, score, residual, detector.usualAvgMs(row.key())));
                }
            }
            scored.sort(Comparator.comparingDouble((ScoredMinute s) -> s.score().combined()).reversed());
        }
        steps.progress(1.0, "models trained");
        return new Output(design.header(), responseTime, detector, scored, notes);
    }

    /**
     * {@code (actual - predicted) / predicted}: how much slower than expected, relative to what was expected. Signed,
     * so that a minute after an anomaly (whose inputs look loaded, so its requests are predicted slow) is not an
     * anomaly too.
     */
    static double relativeResidual(double actualMs, double predictedMs) {
        return (actualMs - predictedMs) / Math.max(predictedMs, RESIDUAL_FLOOR_MS);
    }

    private static double meanResidual(Map<MinuteRow.MinuteKey, double[]> sums, MinuteRow row) {
        double[] sum = sums.get(row.minuteKey());
        return sum == null ? Double.NaN : sum[0] / sum[1];
    }
}
