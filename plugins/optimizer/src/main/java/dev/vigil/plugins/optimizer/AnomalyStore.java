package dev.vigil.plugins.optimizer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.vigil.api.storage.Storage;

import io.helidon.dbclient.DbRow;

/** The optimizer_anomalies table: endpoint-minutes whose score passed the cut. */
final class AnomalyStore {

    /** One anomalous endpoint-minute and the figures behind its score. */
    record Anomaly(Instant minute, String service, String method, String endpoint, double score, double figureScore,
                   Double residualScore, double magnitudeScore, long modelVersion, long requests, double avgMs, double usualAvgMs,
                   double maxMs, double errorRatePercent, Double avgQueries, Double residual) {
    }

    /** Anomalies of one endpoint over a period. */
    record EndpointAnomalies(EndpointKey key, long minutes, double maxScore, Instant lastMinute, double worstAvgMs,
                             double usualAvgMs) {
    }

    private final Storage storage;

    AnomalyStore(Storage storage) {
        this.storage = storage;
    }

    /** Replaces what is stored for minutes in {@code [from, to)} by {@code anomalies}: a retraining re-scores them. */
    void replace(Connection connection, long from, long to, List<ModelTrainer.ScoredMinute> anomalies,
                 long modelVersion) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM optimizer_anomalies WHERE minute_at >= ? AND minute_at < ?")) {
            statement.setLong(1, from);
            statement.setLong(2, to);
            statement.executeUpdate();
        }
        put(connection, anomalies, modelVersion);
    }

    /** Stores (or re-scores) endpoint-minutes. */
    void put(Connection connection, List<ModelTrainer.ScoredMinute> anomalies, long modelVersion)
            throws SQLException {
        if (anomalies.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO optimizer_anomalies (minute_at, service, method, endpoint, score, figure_score, "
                        + "residual_score, magnitude_score, model_version, requests, avg_ms, usual_avg_ms, max_ms, "
                        + "error_rate, avg_queries, residual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (minute_at, service, method, endpoint) DO UPDATE SET score = excluded.score, "
                        + "figure_score = excluded.figure_score, residual_score = excluded.residual_score, "
                        + "magnitude_score = excluded.magnitude_score, "
                        + "model_version = excluded.model_version, requests = excluded.requests, "
                        + "avg_ms = excluded.avg_ms, usual_avg_ms = excluded.usual_avg_ms, max_ms = excluded.max_ms, "
                        + "error_rate = excluded.error_rate, avg_queries = excluded.avg_queries, "
                        + "residual = excluded.residual")) {
            for (ModelTrainer.ScoredMinute scored : anomalies) {
                MinuteRow row = scored.row();
                MinuteTotals totals = row.totals();
                statement.setLong(1, row.minuteAt());
                statement.setString(2, row.key().service());
                statement.setString(3, row.key().method());
                statement.setString(4, row.key().endpoint());
                statement.setDouble(5, scored.score().combined());
                statement.setDouble(6, scored.score().figures());
                nullable(statement, 7, scored.score().residual());
                statement.setDouble(8, scored.score().magnitude());
                statement.setLong(9, modelVersion);
                statement.setLong(10, totals.requests);
                statement.setDouble(11, totals.avgMs());
                statement.setDouble(12, scored.usualAvgMs());
                statement.setDouble(13, totals.maxMs);
                statement.setDouble(14, totals.errorRate());
                nullable(statement, 15, totals.avgQueries());
                nullable(statement, 16, scored.residual());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Anomalies with {@code minute >= since} and {@code score >= minScore}, highest score first. */
    List<Anomaly> top(long since, double minScore, int limit) {
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT minute_at, service, method, endpoint, score, figure_score, residual_score, magnitude_score, "
                        + "model_version, "
                        + "requests, avg_ms, usual_avg_ms, max_ms, error_rate, avg_queries, residual "
                        + "FROM optimizer_anomalies WHERE minute_at >= ? AND score >= ? "
                        + "ORDER BY score DESC, minute_at DESC LIMIT ?", since, minScore, limit)) {
            return rows.map(row -> new Anomaly(
                    Rows.instant(row, "minute_at"), Rows.string(row, "service"), Rows.string(row, "method"),
                    Rows.string(row, "endpoint"), Rows.doubleValue(row, "score"),
                    Rows.doubleValue(row, "figure_score"), Rows.number(row, "residual_score"),
                    Rows.doubleValue(row, "magnitude_score"),
                    Rows.longValue(row, "model_version"), Rows.longValue(row, "requests"),
                    Rows.doubleValue(row, "avg_ms"), Rows.doubleValue(row, "usual_avg_ms"),
                    Rows.doubleValue(row, "max_ms"), Rows.doubleValue(row, "error_rate") * 100,
                    Rows.number(row, "avg_queries"), Rows.number(row, "residual"))).toList();
        }
    }

    /** Per endpoint: how many minutes were anomalous since {@code since}, the worst score and the latest minute. */
    List<EndpointAnomalies> byEndpoint(long since, double minScore) {
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT service, method, endpoint, COUNT(*) AS minutes, MAX(score) AS max_score, "
                        + "MAX(minute_at) AS last_minute, MAX(avg_ms) AS worst_avg_ms, "
                        + "AVG(usual_avg_ms) AS usual_avg_ms FROM optimizer_anomalies "
                        + "WHERE minute_at >= ? AND score >= ? GROUP BY service, method, endpoint", since, minScore)) {
            return rows.map(row -> new EndpointAnomalies(
                    new EndpointKey(Rows.string(row, "service"), Rows.string(row, "method"),
                                    Rows.string(row, "endpoint")),
                    Rows.longValue(row, "minutes"), Rows.doubleValue(row, "max_score"),
                    Rows.instant(row, "last_minute"), Rows.doubleValue(row, "worst_avg_ms"),
                    Rows.doubleValue(row, "usual_avg_ms"))).toList();
        }
    }

    long deleteOlderThan(long before) throws SQLException {
        return storage.inTransaction(connection -> HistoryStore.delete(
                connection, "DELETE FROM optimizer_anomalies WHERE minute_at < ?", before));
    }

    private static void nullable(PreparedStatement statement, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }
}
