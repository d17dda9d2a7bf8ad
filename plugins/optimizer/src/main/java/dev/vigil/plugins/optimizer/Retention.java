package dev.vigil.plugins.optimizer;

import java.time.Clock;

import dev.vigil.api.LiveConfig;

/** Deletes what is older than its retention period, and samples beyond the configured cap. */
final class Retention {

    private final LiveConfig<OptimizerConfig> config;
    private final HistoryStore history;
    private final AnomalyStore anomalies;
    private final PredictionStore predictions;
    private final Clock clock;
    private final System.Logger log;

    Retention(LiveConfig<OptimizerConfig> config, HistoryStore history, AnomalyStore anomalies,
              PredictionStore predictions, Clock clock, System.Logger log) {
        this.config = config;
        this.history = history;
        this.anomalies = anomalies;
        this.predictions = predictions;
        this.clock = clock;
        this.log = log;
    }

    void run() throws Exception {
        OptimizerConfig settings = config.get();
        long now = clock.millis();
        long[] deleted = history.deleteOld(now - settings.trainingWindow().toMillis(),
                                           now - settings.minuteRetention().toMillis(), settings.maxSamples());
        long anomalyRows = anomalies.deleteOlderThan(now - settings.anomalyRetention().toMillis());
        long predictionRows = predictions.deleteOlderThan(now - settings.predictionRetention().toMillis());
        if (deleted[0] + deleted[1] + anomalyRows + predictionRows > 0) {
            log.log(System.Logger.Level.INFO, "retention deleted " + deleted[0] + " samples, " + deleted[1]
                    + " minute rows, " + anomalyRows + " anomalies and " + predictionRows + " predictions");
        }
    }
}
