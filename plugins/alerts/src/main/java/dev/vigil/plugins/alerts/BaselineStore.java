package dev.vigil.plugins.alerts;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The alerts_baselines table: one baseline per series, replaced when a new one is established. */
final class BaselineStore {

    private final Storage storage;
    private final ObjectMapper mapper;

    BaselineStore(Storage storage, ObjectMapper mapper) {
        this.storage = storage;
        this.mapper = mapper;
    }

    /** Stores all or none. */
    void putAll(List<Baseline> baselines) throws SQLException {
        storage.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO alerts_baselines (signal, labels, mean, stddev, p95, min, max, points, window_start, "
                            + "window_end, established_at, established_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (signal, labels) DO UPDATE SET mean = excluded.mean, "
                            + "stddev = excluded.stddev, p95 = excluded.p95, min = excluded.min, max = excluded.max, "
                            + "points = excluded.points, window_start = excluded.window_start, "
                            + "window_end = excluded.window_end, established_at = excluded.established_at, "
                            + "established_by = excluded.established_by")) {
                for (Baseline baseline : baselines) {
                    upsert.setString(1, baseline.signal());
                    upsert.setString(2, Series.key(mapper, baseline.labels()));
                    upsert.setDouble(3, baseline.mean());
                    upsert.setDouble(4, baseline.stddev());
                    upsert.setDouble(5, baseline.p95());
                    upsert.setDouble(6, baseline.min());
                    upsert.setDouble(7, baseline.max());
                    upsert.setInt(8, baseline.points());
                    upsert.setLong(9, baseline.windowStart().toEpochMilli());
                    upsert.setLong(10, baseline.windowEnd().toEpochMilli());
                    upsert.setLong(11, baseline.establishedAt().toEpochMilli());
                    upsert.setString(12, baseline.establishedBy());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    List<Baseline> all() {
        return storage.db().execute().query("SELECT signal, labels, mean, stddev, p95, min, max, points, window_start, "
                                                    + "window_end, established_at, established_by "
                                                    + "FROM alerts_baselines ORDER BY signal, labels")
                .map(row -> new Baseline(row.column("signal").getString(),
                                         Series.parse(mapper, row.column("labels").getString()),
                                         row.column("mean").get(Number.class).doubleValue(),
                                         row.column("stddev").get(Number.class).doubleValue(),
                                         row.column("p95").get(Number.class).doubleValue(),
                                         row.column("min").get(Number.class).doubleValue(),
                                         row.column("max").get(Number.class).doubleValue(),
                                         (int) AlertStore.number(row, "points"),
                                         AlertStore.instant(row, "window_start"), AlertStore.instant(row, "window_end"),
                                         AlertStore.instant(row, "established_at"),
                                         row.column("established_by").getString()))
                .toList();
    }

    long deleteAll() {
        return storage.db().execute().dml("DELETE FROM alerts_baselines");
    }
}
