package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.storage.Storage;

import io.helidon.dbclient.DbRow;

/** The alerts_deliveries table: one row per delivery attempt, so failures and retries can be seen. */
final class DeliveryStore {

    private final Storage storage;

    DeliveryStore(Storage storage) {
        this.storage = storage;
    }

    void record(long alertId, Change change, String channel, int attempt, Instant time, String outcome,
                Integer statusCode, Double durationMs, String error) {
        storage.db().execute().dml("INSERT INTO alerts_deliveries (alert_id, change, channel, attempt, time, outcome, "
                                           + "status_code, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   alertId, change.label(), channel, attempt, time.toEpochMilli(), outcome,
                                   statusCode, durationMs, error == null ? null : truncate(error, 1000));
    }

    /** Newest first, optionally for one alert, channel or outcome. */
    List<Delivery> list(Long alertId, String channel, String outcome, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, alert_id, change, channel, attempt, time, outcome, "
                                                      + "status_code, duration_ms, error FROM alerts_deliveries "
                                                      + "WHERE time >= ?");
        List<Object> params = new ArrayList<>();
        params.add(since.toEpochMilli());
        if (alertId != null) {
            sql.append(" AND alert_id = ?");
            params.add(alertId);
        }
        if (channel != null) {
            sql.append(" AND channel = ?");
            params.add(channel);
        }
        if (outcome != null) {
            sql.append(" AND outcome = ?");
            params.add(outcome);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(limit);
        return storage.db().execute().query(sql.toString(), params.toArray()).map(DeliveryStore::delivery).toList();
    }

    /** How many attempts since {@code since} ended each way. */
    java.util.Map<String, Long> countByOutcome(Instant since) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        storage.db().execute().query("SELECT outcome, COUNT(*) AS n FROM alerts_deliveries WHERE time >= ? "
                                             + "GROUP BY outcome", since.toEpochMilli())
                .forEach(row -> counts.put(row.column("outcome").getString(), AlertStore.number(row, "n")));
        return counts;
    }

    long deleteBefore(Instant before) {
        return storage.db().execute().dml("DELETE FROM alerts_deliveries WHERE time < ?", before.toEpochMilli());
    }

    private static Delivery delivery(DbRow row) {
        Number status = row.column("status_code").get(Number.class);
        Number duration = row.column("duration_ms").get(Number.class);
        return new Delivery(AlertStore.number(row, "id"), AlertStore.number(row, "alert_id"),
                            Change.valueOf(row.column("change").getString().toUpperCase(java.util.Locale.ROOT)),
                            row.column("channel").getString(), (int) AlertStore.number(row, "attempt"),
                            AlertStore.instant(row, "time"), row.column("outcome").getString(),
                            status == null ? null : status.intValue(),
                            duration == null ? null : duration.doubleValue(), AlertStore.string(row, "error"));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
