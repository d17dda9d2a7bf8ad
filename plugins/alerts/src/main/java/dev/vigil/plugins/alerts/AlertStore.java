package dev.vigil.plugins.alerts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;

/**
 * The alerts_alerts and alerts_history tables. Every change of an alert and its history entry are written in one
 * transaction, so the history never misses a change nor records one that did not happen.
 */
final class AlertStore {

    private static final String COLUMNS = "id, rule, labels, signal, severity, status, value, threshold, message, "
            + "started_at, updated_at, escalated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by";

    private final Storage storage;
    private final ObjectMapper mapper;

    AlertStore(Storage storage, ObjectMapper mapper) {
        this.storage = storage;
        this.mapper = mapper;
    }

    /** Opens an alert; fails (unique index) if the key already has an active one. */
    Alert open(AlertKey key, String signal, Severity severity, double value, double threshold, String message,
               Instant at) throws SQLException {
        long id = storage.inTransaction(connection -> {
            long newId;
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO alerts_alerts (rule, labels, signal, severity, status, value, threshold, message, "
                            + "started_at, updated_at) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?) RETURNING id")) {
                insert.setString(1, key.rule());
                insert.setString(2, Series.key(mapper, key.labels()));
                insert.setString(3, signal);
                insert.setString(4, severity.label());
                insert.setDouble(5, value);
                insert.setDouble(6, threshold);
                insert.setString(7, message);
                insert.setLong(8, at.toEpochMilli());
                insert.setLong(9, at.toEpochMilli());
                try (ResultSet keys = insert.executeQuery()) {
                    keys.next();
                    newId = keys.getLong(1);
                }
            }
            addHistory(connection, newId, at, Change.FIRED, severity, value, "system", message);
            return newId;
        });
        return find(id).orElseThrow();
    }

    /** Raises an active alert to {@code severity}; empty when it is no longer active (resolved on another node). */
    Optional<Alert> escalate(long id, Severity severity, double value, double threshold, String message, Instant at)
            throws SQLException {
        boolean changed = storage.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE alerts_alerts SET severity = ?, value = ?, threshold = ?, message = ?, updated_at = ?, "
                            + "escalated_at = ? WHERE id = ? AND status = 'active'")) {
                update.setString(1, severity.label());
                update.setDouble(2, value);
                update.setDouble(3, threshold);
                update.setString(4, message);
                update.setLong(5, at.toEpochMilli());
                update.setLong(6, at.toEpochMilli());
                update.setLong(7, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            addHistory(connection, id, at, Change.ESCALATED, severity, value, "system", message);
            return true;
        });
        return changed ? find(id) : Optional.empty();
    }

    /**
     * The latest value of a still-violating alert and the message that states it, together, so the two never
     * disagree; false when it is no longer active.
     */
    boolean refresh(long id, double value, String message, Instant at) {
        return storage.db().execute().dml("UPDATE alerts_alerts SET value = ?, message = ?, updated_at = ? "
                                                  + "WHERE id = ? AND status = 'active'", value, message,
                                          at.toEpochMilli(), id) > 0;
    }

    /**
     * Resolves an active alert; empty when it is not active (any more). {@code value} becomes its value unless null
     * (no new value: resolved by hand, for lack of data, or because its rule went); {@code message}, given the value
     * it resolves at, replaces its message, which then says how it resolved (the firing message stays in the
     * history); {@code comment} goes to the history entry.
     */
    Optional<Alert> resolve(long id, Instant at, String actor, Double value, DoubleFunction<String> message,
                            String comment) throws SQLException {
        boolean changed = storage.inTransaction(connection -> {
            double resolvedAt;
            Severity severity;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT value, severity FROM alerts_alerts WHERE id = ? AND status = 'active'")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    resolvedAt = value == null ? rows.getDouble(1) : value;
                    severity = Severity.parse(rows.getString(2));
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE alerts_alerts SET status = 'resolved', resolved_at = ?, resolved_by = ?, updated_at = ?, "
                            + "value = ?, message = ? WHERE id = ? AND status = 'active'")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, actor);
                update.setLong(3, at.toEpochMilli());
                update.setDouble(4, resolvedAt);
                update.setString(5, message.apply(resolvedAt));
                update.setLong(6, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            addHistory(connection, id, at, Change.RESOLVED, severity, value, actor, comment);
            return true;
        });
        return changed ? find(id) : Optional.empty();
    }

    /** Acknowledges an active alert; empty when it is not active. Acknowledging again records who did it last. */
    Optional<Alert> acknowledge(long id, Instant at, String actor, String comment) throws SQLException {
        boolean changed = storage.inTransaction(connection -> {
            int rows;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE alerts_alerts SET acknowledged_at = ?, acknowledged_by = ?, updated_at = ? "
                            + "WHERE id = ? AND status = 'active'")) {
                update.setLong(1, at.toEpochMilli());
                update.setString(2, actor);
                update.setLong(3, at.toEpochMilli());
                update.setLong(4, id);
                rows = update.executeUpdate();
            }
            if (rows == 0) {
                return false;
            }
            addHistory(connection, id, at, Change.ACKNOWLEDGED, severityOf(connection, id), null, actor, comment);
            return true;
        });
        return changed ? find(id) : Optional.empty();
    }

    Optional<Alert> find(long id) {
        return storage.db().execute().get("SELECT " + COLUMNS + " FROM alerts_alerts WHERE id = ?", id)
                .map(this::alert);
    }

    List<Alert> active() {
        return storage.db().execute().query("SELECT " + COLUMNS + " FROM alerts_alerts WHERE status = 'active' "
                                                    + "ORDER BY started_at").map(this::alert).toList();
    }

    Optional<Alert> activeFor(AlertKey key) {
        return storage.db().execute().get("SELECT " + COLUMNS + " FROM alerts_alerts WHERE rule = ? AND labels = ? "
                                                  + "AND status = 'active'", key.rule(),
                                          Series.key(mapper, key.labels())).map(this::alert);
    }

    /** Alerts started since {@code since} or still active (unless {@code activeOnly}), newest first. */
    List<Alert> list(boolean activeOnly, Severity severity, String rule, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts_alerts WHERE ");
        List<Object> params = new ArrayList<>();
        if (activeOnly) {
            sql.append("status = 'active'");
        } else {
            sql.append("(started_at >= ? OR status = 'active')");
            params.add(since.toEpochMilli());
        }
        if (severity != null) {
            sql.append(" AND severity = ?");
            params.add(severity.label());
        }
        if (rule != null) {
            sql.append(" AND rule = ?");
            params.add(rule);
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        params.add(limit);
        return storage.db().execute().query(sql.toString(), params.toArray()).map(this::alert).toList();
    }

    /** Alerts whose life overlaps [from, to): what a report covers. */
    List<Alert> overlapping(Instant from, Instant to) {
        return storage.db().execute().query("SELECT " + COLUMNS + " FROM alerts_alerts WHERE started_at < ? AND "
                                                    + "(resolved_at IS NULL OR resolved_at >= ?) ORDER BY started_at",
                                            to.toEpochMilli(), from.toEpochMilli()).map(this::alert).toList();
    }

    List<Alert.HistoryEntry> history(long alertId) {
        return storage.db().execute().query("SELECT alert_id, time, change, severity, value, actor, comment "
                                                    + "FROM alerts_history WHERE alert_id = ? ORDER BY time, id",
                                            alertId).map(AlertStore::historyEntry).toList();
    }

    /** History entries of [from, to), oldest first. */
    List<Alert.HistoryEntry> historyBetween(Instant from, Instant to) {
        return storage.db().execute().query("SELECT alert_id, time, change, severity, value, actor, comment "
                                                    + "FROM alerts_history WHERE time >= ? AND time < ? "
                                                    + "ORDER BY time, id", from.toEpochMilli(), to.toEpochMilli())
                .map(AlertStore::historyEntry).toList();
    }

    /** When the key's last alert resolved, if it did. */
    Optional<Instant> lastResolvedAt(AlertKey key) {
        return storage.db().execute().get("SELECT MAX(resolved_at) AS at FROM alerts_alerts WHERE rule = ? "
                                                  + "AND labels = ?", key.rule(), Series.key(mapper, key.labels()))
                .flatMap(row -> Optional.ofNullable(row.column("at").get(Number.class)))
                .map(n -> Instant.ofEpochMilli(n.longValue()));
    }

    /** Deletes resolved alerts (and their history) resolved before {@code before}; answers how many. */
    long deleteResolvedBefore(Instant before) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement history = connection.prepareStatement(
                    "DELETE FROM alerts_history WHERE alert_id IN (SELECT id FROM alerts_alerts "
                            + "WHERE status = 'resolved' AND resolved_at < ?)");
                 PreparedStatement alerts = connection.prepareStatement(
                         "DELETE FROM alerts_alerts WHERE status = 'resolved' AND resolved_at < ?")) {
                history.setLong(1, before.toEpochMilli());
                history.executeUpdate();
                alerts.setLong(1, before.toEpochMilli());
                return (long) alerts.executeUpdate();
            }
        });
    }

    private static Severity severityOf(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT severity FROM alerts_alerts WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return Severity.parse(rows.getString(1));
            }
        }
    }

    private static void addHistory(Connection connection, long alertId, Instant at, Change change, Severity severity,
                                   Double value, String actor, String comment) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO alerts_history (alert_id, time, change, severity, value, actor, comment) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, alertId);
            insert.setLong(2, at.toEpochMilli());
            insert.setString(3, change.label());
            insert.setString(4, severity.label());
            if (value == null) {
                insert.setNull(5, Types.DOUBLE);
            } else {
                insert.setDouble(5, value);
            }
            insert.setString(6, actor);
            insert.setString(7, comment);
            insert.executeUpdate();
        }
    }

    private Alert alert(DbRow row) {
        return new Alert(number(row, "id"), row.column("rule").getString(),
                         Series.parse(mapper, row.column("labels").getString()), row.column("signal").getString(),
                         Severity.parse(row.column("severity").getString()), row.column("status").getString(),
                         row.column("value").get(Number.class).doubleValue(),
                         row.column("threshold").get(Number.class).doubleValue(), row.column("message").getString(),
                         instant(row, "started_at"), instant(row, "updated_at"), instant(row, "escalated_at"),
                         instant(row, "acknowledged_at"), string(row, "acknowledged_by"), instant(row, "resolved_at"),
                         string(row, "resolved_by"));
    }

    private static Alert.HistoryEntry historyEntry(DbRow row) {
        Number value = row.column("value").get(Number.class);
        return new Alert.HistoryEntry(number(row, "alert_id"), instant(row, "time"),
                                      Change.valueOf(row.column("change").getString().toUpperCase(java.util.Locale.ROOT)),
                                      Severity.parse(row.column("severity").getString()),
                                      value == null ? null : value.doubleValue(), row.column("actor").getString(),
                                      string(row, "comment"));
    }

    static long number(DbRow row, String column) {
        return row.column(column).get(Number.class).longValue();
    }

    static Instant instant(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : Instant.ofEpochMilli(value.longValue());
    }

    static String string(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : value.toString();
    }
}
