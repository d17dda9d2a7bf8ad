package dev.vigil.plugins.optimizer;

import java.time.Duration;
import java.time.ZoneId;

/**
 * {@code config/plugins/optimizer.yaml}. Every bound that protects the server (sample sizes, tree sizes, row caps)
 * is here, so an operator can trade accuracy for memory without a rebuild.
 */
public record OptimizerConfig(
        Duration trainingInterval,
        int minTrainingRecords,
        int trainingSampleSize,
        Duration trainingWindow,
        int forestTrees,
        int forestMaxDepth,
        int forestMinLeaf,
        int crossValidationFolds,
        int trainingThreads,
        int anomalyTrees,
        int anomalySubsample,
        double anomalyCut,
        int samplesPerEndpointMinute,
        int maxSamples,
        int maxEndpoints,
        Duration minuteRetention,
        Duration anomalyRetention,
        Duration predictionRetention,
        Duration predictionMatchWindow,
        int livePredictionsPerMinute,
        Duration resourceMatchTolerance,
        Duration scoringInterval,
        Duration analysisWindow,
        double correlationThreshold,
        double errorRatePercent,
        int minRequests,
        int keepModels,
        String timeZone) {

    static final OptimizerConfig DEFAULTS = new OptimizerConfig(
            Duration.ofDays(1), 100, 50_000, Duration.ofDays(7), 50, 12, 5, 5, 1, 100, 1024, 0.75, 30, 200_000, 200,
            Duration.ofDays(14), Duration.ofDays(14), Duration.ofDays(14), Duration.ofMinutes(10), 30,
            Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(24), 0.5, 5.0, 30, 5, "UTC");

    public OptimizerConfig {
        positive("training-interval", trainingInterval);
        range("min-training-records", minTrainingRecords, 20, 10_000_000);
        range("training-sample-size", trainingSampleSize, 100, 1_000_000);
        if (trainingSampleSize < minTrainingRecords) {
            throw new IllegalArgumentException("training-sample-size (" + trainingSampleSize
                                                       + ") must be at least min-training-records ("
                                                       + minTrainingRecords + ")");
        }
        positive("training-window", trainingWindow);
        range("forest-trees", forestTrees, 1, 1000);
        range("forest-max-depth", forestMaxDepth, 0, 64);
        range("forest-min-leaf", forestMinLeaf, 1, 10_000);
        range("cross-validation-folds", crossValidationFolds, 2, 20);
        range("training-threads", trainingThreads, 1, 64);
        range("anomaly-trees", anomalyTrees, 1, 1000);
        range("anomaly-subsample", anomalySubsample, 16, 100_000);
        if (!(anomalyCut > 0 && anomalyCut < 1)) {
            throw new IllegalArgumentException("anomaly-cut must be between 0 and 1 (exclusive), got " + anomalyCut);
        }
        range("samples-per-endpoint-minute", samplesPerEndpointMinute, 1, 10_000);
        range("max-samples", maxSamples, 1000, 100_000_000);
        range("max-endpoints", maxEndpoints, 1, 10_000);
        positive("minute-retention", minuteRetention);
        positive("anomaly-retention", anomalyRetention);
        positive("prediction-retention", predictionRetention);
        positive("prediction-match-window", predictionMatchWindow);
        range("live-predictions-per-minute", livePredictionsPerMinute, 0, 100_000);
        positive("resource-match-tolerance", resourceMatchTolerance);
        positive("scoring-interval", scoringInterval);
        positive("analysis-window", analysisWindow);
        if (!(correlationThreshold > 0 && correlationThreshold < 1)) {
            throw new IllegalArgumentException("correlation-threshold must be between 0 and 1 (exclusive), got "
                                                       + correlationThreshold);
        }
        if (!(errorRatePercent > 0 && errorRatePercent <= 100)) {
            throw new IllegalArgumentException("error-rate-percent must be in (0, 100], got " + errorRatePercent);
        }
        range("min-requests", minRequests, 3, 1_000_000);
        range("keep-models", keepModels, 1, 1000);
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("time-zone must be a zone id such as UTC or Europe/Paris, got '"
                                                       + timeZone + "'");
        }
    }

    ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 15m or 7d, got " + value);
        }
    }
}
