package dev.vigil.plugins.optimizer;

import java.time.Instant;
import java.time.ZoneId;

import weka.classifiers.trees.RandomForest;
import weka.core.Instances;

/**
 * The models in use: one training run's forest and anomaly detector, immutable once built, safe to use from many
 * threads (Weka's prediction only reads the trees).
 *
 * @param detector null when the run had too few minutes per endpoint for one
 */
record LoadedModels(long version, Instant trainedAt, RandomForest forest, Instances header, ZoneId zone,
                    AnomalyDetector detector) {

    static final String FORMAT = "vigil-optimizer-response-time-1";

    /** Predicted milliseconds for one request. */
    double predictMs(FeatureRow row) throws Exception {
        return Math.max(0, forest.classifyInstance(RequestFeatures.instance(header, row, zone)));
    }

    Object[] forestToStored() {
        return new Object[] {FORMAT, forest, header, zone.getId()};
    }

    static LoadedModels fromStored(long version, Instant trainedAt, Object[] forestFile, Object[] anomalyFile) {
        if (forestFile.length != 4 || !FORMAT.equals(forestFile[0])) {
            throw new IllegalArgumentException("not a response-time model of this version");
        }
        return new LoadedModels(version, trainedAt, (RandomForest) forestFile[1], (Instances) forestFile[2],
                                ZoneId.of((String) forestFile[3]),
                                anomalyFile == null ? null : AnomalyDetector.fromStored(anomalyFile));
    }
}
