package dev.vigil.plugins.optimizer;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The optimizer's tables. Times are epoch milliseconds; nothing here is read by another plugin. */
final class OptimizerSchema {

    private OptimizerSchema() {
    }

    static List<Migration> migrations() {
        return List.of(Migration.of(1, "request samples, per-minute aggregates, models, anomalies, predictions",
                // A bounded sample of requests (a few per endpoint and minute): the training data.
                "CREATE TABLE optimizer_samples (id ${ID}, started_at BIGINT NOT NULL, service TEXT NOT NULL, "
                        + "method TEXT NOT NULL, endpoint TEXT NOT NULL, status INTEGER NOT NULL, "
                        + "duration_ms DOUBLE PRECISION NOT NULL, query_count INTEGER, "
                        + "query_time_ms DOUBLE PRECISION, request_id TEXT)",
                // Training and analysis read a time window; retention deletes by time.
                "CREATE INDEX optimizer_samples_started_at ON optimizer_samples (started_at)",
                // Every request counted (not only the sampled ones), merged additively so late records add up.
                "CREATE TABLE optimizer_endpoint_minutes (minute_at BIGINT NOT NULL, service TEXT NOT NULL, "
                        + "method TEXT NOT NULL, endpoint TEXT NOT NULL, requests BIGINT NOT NULL, "
                        + "server_errors BIGINT NOT NULL, client_errors BIGINT NOT NULL, "
                        + "sum_ms DOUBLE PRECISION NOT NULL, sum_sq_ms DOUBLE PRECISION NOT NULL, "
                        + "max_ms DOUBLE PRECISION NOT NULL, query_requests BIGINT NOT NULL, "
                        + "sum_queries DOUBLE PRECISION NOT NULL, sum_query_ms DOUBLE PRECISION NOT NULL, "
                        + "PRIMARY KEY (minute_at, service, method, endpoint))",
                // Host CPU and memory per minute, from the system signals, for when no ResourceHistory is offered.
                "CREATE TABLE optimizer_resource_minutes (minute_at BIGINT PRIMARY KEY, "
                        + "cpu_sum DOUBLE PRECISION NOT NULL, cpu_samples BIGINT NOT NULL, "
                        + "memory_sum DOUBLE PRECISION NOT NULL, memory_samples BIGINT NOT NULL)",
                "CREATE TABLE optimizer_models (version ${ID}, trained_at BIGINT NOT NULL, "
                        + "training_ms BIGINT NOT NULL, data_from BIGINT NOT NULL, data_to BIGINT NOT NULL, "
                        + "records BIGINT NOT NULL, minute_rows BIGINT NOT NULL, source TEXT NOT NULL, "
                        + "forest_file TEXT NOT NULL, forest_bytes BIGINT NOT NULL, anomaly_file TEXT, "
                        + "anomaly_bytes BIGINT, details TEXT NOT NULL)",
                // Only minutes over the cut are kept: the list of anomalies, not every score.
                "CREATE TABLE optimizer_anomalies (minute_at BIGINT NOT NULL, service TEXT NOT NULL, "
                        + "method TEXT NOT NULL, endpoint TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, "
                        + "figure_score DOUBLE PRECISION NOT NULL, residual_score DOUBLE PRECISION, "
                        + "magnitude_score DOUBLE PRECISION NOT NULL, "
                        + "model_version BIGINT NOT NULL, requests BIGINT NOT NULL, avg_ms DOUBLE PRECISION NOT NULL, "
                        + "usual_avg_ms DOUBLE PRECISION NOT NULL, max_ms DOUBLE PRECISION NOT NULL, "
                        + "error_rate DOUBLE PRECISION NOT NULL, avg_queries DOUBLE PRECISION, "
                        + "residual DOUBLE PRECISION, "
                        + "PRIMARY KEY (minute_at, service, method, endpoint))",
                "CREATE TABLE optimizer_predictions (id ${ID}, created_at BIGINT NOT NULL, source TEXT NOT NULL, "
                        + "service TEXT NOT NULL, method TEXT NOT NULL, endpoint TEXT NOT NULL, request_id TEXT, "
                        + "target_at BIGINT NOT NULL, match_until BIGINT NOT NULL, "
                        + "predicted_ms DOUBLE PRECISION NOT NULL, model_version BIGINT NOT NULL, "
                        + "inputs TEXT NOT NULL, actual_ms DOUBLE PRECISION, actual_at BIGINT, actual_request_id TEXT)",
                // The predictions route lists by creation time; retention deletes by it.
                "CREATE INDEX optimizer_predictions_created_at ON optimizer_predictions (created_at)",
                // Small facts that must survive a restart (the live scorer's watermark).
                "CREATE TABLE optimizer_state (name TEXT PRIMARY KEY, val TEXT NOT NULL)"));
    }
}
