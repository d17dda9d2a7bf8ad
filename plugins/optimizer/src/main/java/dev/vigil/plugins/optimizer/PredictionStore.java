package dev.vigil.plugins.optimizer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import dev.vigil.api.storage.Storage;

import io.helidon.dbclient.DbRow;

/** The optimizer_predictions table: what the model predicted, and what really happened. */
final class PredictionStore {

    /** A stored prediction; the actual figures are null until the request is seen. */
    record Prediction(long id, Instant createdAt, String source, String service, String method, String endpoint,
                      String requestId, Instant targetAt, double predictedMs, long modelVersion, String inputs,
                      Double actualMs, Instant actualAt, String actualRequestId) {
    }

    /** A prediction to store. {@code actualMs} is known at once for predictions made on seen requests. */
    record NewPrediction(long createdAt, String source, EndpointKey key, String requestId, long targetAt,
                         long matchUntil, double predictedMs, long modelVersion, String inputs, Double actualMs,
                         Long actualAt) {
    }

    /** How predictions compared with what happened. */
    record Accuracy(long predictions, long matched, Double maeMs, Double meanAbsolutePercentError) {
    }

    private static final String COLUMNS = "id, created_at, source, service, method, endpoint, request_id, target_at, "
            + "predicted_ms, model_version, inputs, actual_ms, actual_at, actual_request_id";

    private final Storage storage;

    PredictionStore(Storage storage) {
        this.storage = storage;
    }

    /** Stores one prediction and answers its id. */
    long add(NewPrediction prediction) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(insertSql() + " RETURNING id")) {
                bind(statement, prediction);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    void addAll(Connection connection, List<NewPrediction> predictions) throws SQLException {
        if (predictions.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(insertSql())) {
            for (NewPrediction prediction : predictions) {
                bind(statement, prediction);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    void recordActuals(Connection connection, List<PendingPredictions.Match> matches) throws SQLException {
        if (matches.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE optimizer_predictions SET actual_ms = ?, actual_at = ?, actual_request_id = ? "
                        + "WHERE id = ? AND actual_ms IS NULL")) {
            for (PendingPredictions.Match match : matches) {
                statement.setDouble(1, match.actualMs());
                statement.setLong(2, match.actualAt());
                statement.setString(3, match.requestId());
                statement.setLong(4, match.predictionId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** API predictions still waiting for their request at {@code now}: reloaded after a restart. */
    List<PendingPredictions.Pending> waiting(long now) {
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT id, service, method, endpoint, request_id, target_at, match_until FROM optimizer_predictions "
                        + "WHERE actual_ms IS NULL AND source = 'api' AND match_until >= ? ORDER BY id", now)) {
            return rows.map(row -> new PendingPredictions.Pending(
                    Rows.longValue(row, "id"),
                    new EndpointKey(Rows.string(row, "service"), Rows.string(row, "method"),
                                    Rows.string(row, "endpoint")),
                    Rows.string(row, "request_id"), Rows.longValue(row, "target_at"),
                    Rows.longValue(row, "match_until"))).toList();
        }
    }

    /** The newest predictions made since {@code since}; {@code source} null for all. */
    List<Prediction> recent(long since, String source, int limit) {
        String filter = source == null ? "" : " AND source = ?";
        Object[] parameters = source == null ? new Object[] {since, limit} : new Object[] {since, source, limit};
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT " + COLUMNS + " FROM optimizer_predictions WHERE created_at >= ?" + filter
                        + " ORDER BY created_at DESC, id DESC LIMIT ?", parameters)) {
            return rows.map(PredictionStore::prediction).toList();
        }
    }

    Accuracy accuracy(long since, String source) {
        String filter = source == null ? "" : " AND source = ?";
        Object[] parameters = source == null ? new Object[] {since} : new Object[] {since, source};
        return storage.db().execute().get(
                        "SELECT COUNT(*) AS predictions, COUNT(actual_ms) AS matched, "
                                + "AVG(CASE WHEN actual_ms IS NULL THEN NULL ELSE ABS(actual_ms - predicted_ms) END) "
                                + "AS mae, AVG(CASE WHEN actual_ms IS NULL OR actual_ms <= 0 THEN NULL "
                                + "ELSE ABS(actual_ms - predicted_ms) / actual_ms END) AS mape "
                                + "FROM optimizer_predictions WHERE created_at >= ?" + filter, parameters)
                .map(row -> {
                    Double mape = Rows.number(row, "mape");
                    return new Accuracy(Rows.longValue(row, "predictions"), Rows.longValue(row, "matched"),
                                        Rows.number(row, "mae"), mape == null ? null : mape * 100);
                })
                .orElse(new Accuracy(0, 0, null, null));
    }

    long deleteOlderThan(long before) throws SQLException {
        return storage.inTransaction(connection -> HistoryStore.delete(
                connection, "DELETE FROM optimizer_predictions WHERE created_at < ?", before));
    }

    private static String insertSql() {
        return "INSERT INTO optimizer_predictions (created_at, source, service, method, endpoint, request_id, "
                + "target_at, match_until, predicted_ms, model_version, inputs, actual_ms, actual_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private static void bind(PreparedStatement statement, NewPrediction p) throws SQLException {
        statement.setLong(1, p.createdAt());
        statement.setString(2, p.source());
        statement.setString(3, p.key().service());
        statement.setString(4, p.key().method());
        statement.setString(5, p.key().endpoint());
        statement.setString(6, p.requestId());
        statement.setLong(7, p.targetAt());
        statement.setLong(8, p.matchUntil());
        statement.setDouble(9, p.predictedMs());
        statement.setLong(10, p.modelVersion());
        statement.setString(11, p.inputs());
        if (p.actualMs() == null) {
            statement.setNull(12, Types.DOUBLE);
            statement.setNull(13, Types.BIGINT);
        } else {
            statement.setDouble(12, p.actualMs());
            statement.setLong(13, p.actualAt());
        }
    }

    private static Prediction prediction(DbRow row) {
        return new Prediction(Rows.longValue(row, "id"), Rows.instant(row, "created_at"), Rows.string(row, "source"),
                              Rows.string(row, "service"), Rows.string(row, "method"), Rows.string(row, "endpoint"),
                              Rows.string(row, "request_id"), Rows.instant(row, "target_at"),
                              Rows.doubleValue(row, "predicted_ms"), Rows.longValue(row, "model_version"),
                              Rows.string(row, "inputs"), Rows.number(row, "actual_ms"), Rows.instant(row, "actual_at"),
                              Rows.string(row, "actual_request_id"));
    }
}
