package dev.vigil.plugins.optimizer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.storage.Storage;

/**
 * The request history the optimizer keeps for itself: sampled requests, per-minute endpoint totals and per-minute
 * host resources. Bulk reads and writes go through JDBC (batched); the tables are this plugin's alone.
 */
final class HistoryStore {

    private static final String MINUTE_COLUMNS = "minute_at, service, method, endpoint, requests, server_errors, "
            + "client_errors, sum_ms, sum_sq_ms, max_ms, query_requests, sum_queries, sum_query_ms";
    private static final String SAMPLE_COLUMNS = "started_at, service, method, endpoint, status, duration_ms, "
            + "query_count, query_time_ms, request_id";

    private final Storage storage;

    HistoryStore(Storage storage) {
        this.storage = storage;
    }

    /** Adds {@code rows} to what is stored for their minutes (late records add up rather than replace). */
    void addMinutes(Connection connection, List<MinuteRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO optimizer_endpoint_minutes (" + MINUTE_COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (minute_at, service, method, endpoint) DO UPDATE SET "
                + "requests = optimizer_endpoint_minutes.requests + excluded.requests, "
                + "server_errors = optimizer_endpoint_minutes.server_errors + excluded.server_errors, "
                + "client_errors = optimizer_endpoint_minutes.client_errors + excluded.client_errors, "
                + "sum_ms = optimizer_endpoint_minutes.sum_ms + excluded.sum_ms, "
                + "sum_sq_ms = optimizer_endpoint_minutes.sum_sq_ms + excluded.sum_sq_ms, "
                + "max_ms = CASE WHEN excluded.max_ms > optimizer_endpoint_minutes.max_ms THEN excluded.max_ms "
                + "ELSE optimizer_endpoint_minutes.max_ms END, "
                + "query_requests = optimizer_endpoint_minutes.query_requests + excluded.query_requests, "
                + "sum_queries = optimizer_endpoint_minutes.sum_queries + excluded.sum_queries, "
                + "sum_query_ms = optimizer_endpoint_minutes.sum_query_ms + excluded.sum_query_ms";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (MinuteRow row : rows) {
                MinuteTotals t = row.totals();
                statement.setLong(1, row.minuteAt());
                statement.setString(2, row.key().service());
                statement.setString(3, row.key().method());
                statement.setString(4, row.key().endpoint());
                statement.setLong(5, t.requests);
                statement.setLong(6, t.serverErrors);
                statement.setLong(7, t.clientErrors);
                statement.setDouble(8, t.sumMs);
                statement.setDouble(9, t.sumSqMs);
                statement.setDouble(10, t.maxMs);
                statement.setLong(11, t.queryRequests);
                statement.setDouble(12, t.sumQueries);
                statement.setDouble(13, t.sumQueryMs);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    void addSamples(Connection connection, List<RequestSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO optimizer_samples (" + SAMPLE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RequestSample sample : samples) {
                statement.setLong(1, sample.startedAt());
                statement.setString(2, sample.key().service());
                statement.setString(3, sample.key().method());
                statement.setString(4, sample.key().endpoint());
                statement.setInt(5, sample.status());
                statement.setDouble(6, sample.durationMs());
                if (sample.queryCount() == null) {
                    statement.setNull(7, Types.INTEGER);
                } else {
                    statement.setInt(7, sample.queryCount());
                }
                if (sample.queryTimeMs() == null) {
                    statement.setNull(8, Types.DOUBLE);
                } else {
                    statement.setDouble(8, sample.queryTimeMs());
                }
                statement.setString(9, sample.requestId());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Adds per-minute sums of CPU and memory readings. */
    void addResources(Connection connection, Map<Long, double[]> sumsByMinute) throws SQLException {
        if (sumsByMinute.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO optimizer_resource_minutes (minute_at, cpu_sum, cpu_samples, memory_sum, memory_samples) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (minute_at) DO UPDATE SET "
                        + "cpu_sum = optimizer_resource_minutes.cpu_sum + excluded.cpu_sum, "
                        + "cpu_samples = optimizer_resource_minutes.cpu_samples + excluded.cpu_samples, "
                        + "memory_sum = optimizer_resource_minutes.memory_sum + excluded.memory_sum, "
                        + "memory_samples = optimizer_resource_minutes.memory_samples + excluded.memory_samples")) {
            for (Map.Entry<Long, double[]> entry : sumsByMinute.entrySet()) {
                double[] sums = entry.getValue();
                statement.setLong(1, entry.getKey());
                statement.setDouble(2, sums[0]);
                statement.setLong(3, (long) sums[1]);
                statement.setDouble(4, sums[2]);
                statement.setLong(5, (long) sums[3]);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    long countSamples(long from, long to) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT COUNT(*) FROM optimizer_samples WHERE started_at >= ? AND started_at < ?")) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /** The time range of the stored samples, or null when there are none. */
    long[] sampleRange() throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT MIN(started_at), MAX(started_at), COUNT(*) FROM optimizer_samples");
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || rows.getLong(3) == 0) {
                    return null;
                }
                return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3)};
            }
        });
    }

    /** A uniform random sample of at most {@code limit} requests with {@code from <= started_at < to}. */
    List<RequestSample> randomSamples(long from, long to, int limit) throws SQLException {
        return samples("SELECT " + SAMPLE_COLUMNS + " FROM optimizer_samples WHERE started_at >= ? AND started_at < ? "
                               + "ORDER BY random() LIMIT ?", from, to, limit);
    }

    /** Requests with {@code from <= started_at < to}, oldest first, at most {@code limit}. */
    List<RequestSample> samplesBetween(long from, long to, int limit) throws SQLException {
        return samples("SELECT " + SAMPLE_COLUMNS + " FROM optimizer_samples WHERE started_at >= ? AND started_at < ? "
                               + "ORDER BY started_at LIMIT ?", from, to, limit);
    }

    /** A uniform random sample of at most {@code limit} endpoint-minutes in the range. */
    List<MinuteRow> randomMinutes(long from, long to, int limit) throws SQLException {
        return minutes("SELECT " + MINUTE_COLUMNS + " FROM optimizer_endpoint_minutes WHERE minute_at >= ? "
                               + "AND minute_at < ? ORDER BY random() LIMIT ?", from, to, limit);
    }

    /** The newest {@code limit} endpoint-minutes in the range. */
    List<MinuteRow> newestMinutes(long from, long to, int limit) throws SQLException {
        return minutes("SELECT " + MINUTE_COLUMNS + " FROM optimizer_endpoint_minutes WHERE minute_at >= ? "
                               + "AND minute_at < ? ORDER BY minute_at DESC LIMIT ?", from, to, limit);
    }

    /** Requests, errors and latency per endpoint over the range, for the recommendations. */
    List<MinuteRow> endpointTotals(long from, long to) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT service, method, endpoint, SUM(requests), SUM(server_errors), SUM(client_errors), "
                            + "SUM(sum_ms), SUM(sum_sq_ms), MAX(max_ms), SUM(query_requests), SUM(sum_queries), "
                            + "SUM(sum_query_ms) FROM optimizer_endpoint_minutes WHERE minute_at >= ? AND minute_at < ? "
                            + "GROUP BY service, method, endpoint")) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                List<MinuteRow> list = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        MinuteTotals t = new MinuteTotals();
                        t.requests = rows.getLong(4);
                        t.serverErrors = rows.getLong(5);
                        t.clientErrors = rows.getLong(6);
                        t.sumMs = rows.getDouble(7);
                        t.sumSqMs = rows.getDouble(8);
                        t.maxMs = rows.getDouble(9);
                        t.queryRequests = rows.getLong(10);
                        t.sumQueries = rows.getDouble(11);
                        t.sumQueryMs = rows.getDouble(12);
                        list.add(new MinuteRow(from, new EndpointKey(rows.getString(1), rows.getString(2),
                                                                     rows.getString(3)), t));
                    }
                }
                return list;
            }
        });
    }

    /** Concurrency per service and minute over the range (and the minute before it). */
    Concurrency concurrency(long from, long to) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT minute_at, service, SUM(sum_ms) FROM optimizer_endpoint_minutes "
                            + "WHERE minute_at >= ? AND minute_at < ? GROUP BY minute_at, service")) {
                statement.setLong(1, from - 60_000);
                statement.setLong(2, to);
                Map<String, Map<Long, Double>> byService = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        byService.computeIfAbsent(rows.getString(2), s -> new HashMap<>())
                                .put(rows.getLong(1), rows.getDouble(3) / 60_000.0);
                    }
                }
                return new Concurrency(byService);
            }
        });
    }

    /** The per-minute resource readings recorded from signals, each placed mid-minute. */
    List<ResourceTimeline.Reading> resourceReadings(long from, long to) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT minute_at, cpu_sum, cpu_samples, memory_sum, memory_samples FROM optimizer_resource_minutes "
                            + "WHERE minute_at >= ? AND minute_at < ? ORDER BY minute_at")) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                List<ResourceTimeline.Reading> readings = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long cpuSamples = rows.getLong(3);
                        long memorySamples = rows.getLong(5);
                        readings.add(new ResourceTimeline.Reading(
                                rows.getLong(1) + 30_000,
                                cpuSamples == 0 ? Double.NaN : rows.getDouble(2) / cpuSamples,
                                memorySamples == 0 ? Double.NaN : rows.getDouble(4) / memorySamples));
                    }
                }
                return readings;
            }
        });
    }

    /** Deletes what is older than the retention periods and the oldest samples beyond {@code maxSamples}. */
    long[] deleteOld(long samplesBefore, long minutesBefore, int maxSamples) throws SQLException {
        return storage.inTransaction(connection -> {
            long samples = delete(connection, "DELETE FROM optimizer_samples WHERE started_at < ?", samplesBefore);
            samples += delete(connection, "DELETE FROM optimizer_samples WHERE id <= (SELECT id FROM optimizer_samples "
                    + "ORDER BY id DESC LIMIT 1 OFFSET ?)", maxSamples);
            long minutes = delete(connection, "DELETE FROM optimizer_endpoint_minutes WHERE minute_at < ?",
                                  minutesBefore);
            minutes += delete(connection, "DELETE FROM optimizer_resource_minutes WHERE minute_at < ?", minutesBefore);
            return new long[] {samples, minutes};
        });
    }

    static long delete(Connection connection, String sql, long parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, parameter);
            return statement.executeUpdate();
        }
    }

    private List<RequestSample> samples(String sql, long from, long to, int limit) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                statement.setInt(3, limit);
                List<RequestSample> list = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        int queries = rows.getInt(7);
                        Integer queryCount = rows.wasNull() ? null : queries;
                        double queryMs = rows.getDouble(8);
                        Double queryTimeMs = rows.wasNull() ? null : queryMs;
                        list.add(new RequestSample(rows.getLong(1), new EndpointKey(rows.getString(2),
                                                                                    rows.getString(3),
                                                                                    rows.getString(4)),
                                                   rows.getInt(5), rows.getDouble(6), queryCount, queryTimeMs,
                                                   rows.getString(9)));
                    }
                }
                return list;
            }
        });
    }

    private List<MinuteRow> minutes(String sql, long from, long to, int limit) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, from);
                statement.setLong(2, to);
                statement.setInt(3, limit);
                List<MinuteRow> list = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        list.add(minuteRow(rows));
                    }
                }
                return list;
            }
        });
    }

    private static MinuteRow minuteRow(ResultSet rows) throws SQLException {
        MinuteTotals t = new MinuteTotals();
        t.requests = rows.getLong(5);
        t.serverErrors = rows.getLong(6);
        t.clientErrors = rows.getLong(7);
        t.sumMs = rows.getDouble(8);
        t.sumSqMs = rows.getDouble(9);
        t.maxMs = rows.getDouble(10);
        t.queryRequests = rows.getLong(11);
        t.sumQueries = rows.getDouble(12);
        t.sumQueryMs = rows.getDouble(13);
        return new MinuteRow(rows.getLong(1), new EndpointKey(rows.getString(2), rows.getString(3), rows.getString(4)),
                             t);
    }
}
