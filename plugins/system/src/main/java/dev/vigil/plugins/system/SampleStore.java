package dev.vigil.plugins.system;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.vigil.api.services.ResourceHistory;
import dev.vigil.api.services.ResourceUsage;
import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.Storage;

import io.helidon.dbclient.DbRow;

/**
 * The plugin's two tables, and nothing else. {@code system_points} holds one row per value of a sample (metric,
 * label such as a mount point, time). {@code system_rollups} holds the min, max, sum and count of those values per
 * five minutes, kept up to date in the transaction that stores each sample, so that a long history reads a
 * sixtieth of the rows (a week of every metric: about 50 thousand instead of 1.6 million). The host column keeps
 * apart the histories of nodes that share one PostgreSQL database.
 */
final class SampleStore {

    /** The width of a rollup; every bucket width from this up is a multiple of it (see {@link Buckets}). */
    static final long ROLLUP_MS = 5 * 60 * 1000;

    static final List<Migration> MIGRATIONS = List.of(Migration.of(
            1, "sample points and their five-minute rollups",
            "CREATE TABLE system_points (host TEXT NOT NULL, metric TEXT NOT NULL, label TEXT NOT NULL, "
                    + "sampled_at BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL, "
                    // Key order serves the history query: one host, a few metrics, a time range.
                    + "PRIMARY KEY (host, metric, sampled_at, label))",
            // Retention deletes by age alone; a rollup re-reads one host's last five minutes.
            "CREATE INDEX system_points_sampled_at ON system_points (sampled_at)",
            "CREATE TABLE system_rollups (host TEXT NOT NULL, metric TEXT NOT NULL, label TEXT NOT NULL, "
                    + "bucket_start BIGINT NOT NULL, min_value DOUBLE PRECISION NOT NULL, "
                    + "max_value DOUBLE PRECISION NOT NULL, sum_value DOUBLE PRECISION NOT NULL, "
                    + "samples BIGINT NOT NULL, PRIMARY KEY (host, metric, bucket_start, label))",
            "CREATE INDEX system_rollups_bucket_start ON system_rollups (bucket_start)"));

    private static final String INSERT_POINT = "INSERT INTO system_points (host, metric, label, sampled_at, value) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (host, metric, sampled_at, label) DO UPDATE SET value = excluded.value";

    /** Recomputes one host's rollups of one five-minute bucket from its points: idempotent, exact. */
    private static final String ROLL_UP = "INSERT INTO system_rollups (host, metric, label, bucket_start, min_value, "
            + "max_value, sum_value, samples) SELECT host, metric, label, ?, MIN(value), MAX(value), SUM(value), "
            + "COUNT(*) FROM system_points WHERE host = ? AND sampled_at >= ? AND sampled_at < ? "
            + "GROUP BY host, metric, label "
            + "ON CONFLICT (host, metric, bucket_start, label) DO UPDATE SET min_value = excluded.min_value, "
            + "max_value = excluded.max_value, sum_value = excluded.sum_value, samples = excluded.samples";

    private final Storage storage;

    SampleStore(Storage storage) {
        this.storage = storage;
    }

    /** Stores every known value of the sample, and the rollups of its five minutes, in one transaction. */
    void insert(String host, Sample sample) throws SQLException {
        long time = sample.time().toEpochMilli();
        long bucket = Math.floorDiv(time, ROLLUP_MS) * ROLLUP_MS;
        storage.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_POINT)) {
                for (Sample.Point point : sample.points()) {
                    insert.setString(1, host);
                    insert.setString(2, point.metric().key());
                    insert.setString(3, point.label());
                    insert.setLong(4, time);
                    insert.setDouble(5, point.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement rollUp = connection.prepareStatement(ROLL_UP)) {
                rollUp.setLong(1, bucket);
                rollUp.setString(2, host);
                rollUp.setLong(3, bucket);
                rollUp.setLong(4, bucket + ROLLUP_MS);
                rollUp.executeUpdate();
            }
            return null;
        });
    }

    /** One series of a history: a metric and, for labelled metrics, one core, mount or interface. */
    record Series(String metric, String signal, Map<String, String> labels, List<Bucket> points) {
    }

    /** Min, average and max of the values in one time bucket; {@code time} is the bucket's start. */
    record Bucket(Instant time, double min, double avg, double max, long count) {
    }

    /**
     * The values of {@code metrics} with {@code from <= time < to}, aggregated into buckets of {@code widthMs}.
     * Widths that are multiples of {@link #ROLLUP_MS} read the rollups, which gives the same figures when
     * {@code from} is a multiple of the width (as the routes ask); finer widths read the points.
     */
    List<Series> history(String host, Collection<Metric> metrics, Instant from, Instant to, long widthMs) {
        boolean fromRollups = widthMs % ROLLUP_MS == 0;
        List<Object> parameters = new ArrayList<>();
        parameters.add(host);
        metrics.forEach(metric -> parameters.add(metric.key()));
        parameters.add(from.toEpochMilli());
        parameters.add(to.toEpochMilli());
        String time = fromRollups ? "bucket_start" : "sampled_at";
        // The width is computed here, never taken from the request; writing it into the statement keeps the
        // SELECT and GROUP BY expressions identical, which PostgreSQL requires and bound parameters would not be.
        String bucket = "(" + time + " / " + widthMs + ")";
        String aggregates = fromRollups
                ? "MIN(min_value) AS low, MAX(max_value) AS high, SUM(sum_value) AS total, SUM(samples) AS n "
                : "MIN(value) AS low, MAX(value) AS high, SUM(value) AS total, COUNT(*) AS n ";
        String sql = "SELECT metric, label, " + bucket + " AS bucket, " + aggregates
                + "FROM " + (fromRollups ? "system_rollups" : "system_points")
                + " WHERE host = ? AND metric IN (" + String.join(", ", Collections.nCopies(metrics.size(), "?"))
                + ") AND " + time + " >= ? AND " + time + " < ? GROUP BY metric, label, " + bucket
                + " ORDER BY metric, label, bucket";
        Map<String, Map<String, List<Bucket>>> byMetric = new LinkedHashMap<>();
        try (Stream<DbRow> rows = storage.db().execute().query(sql, parameters.toArray())) {
            rows.forEach(row -> {
                long count = number(row, "n").longValue();
                byMetric.computeIfAbsent(row.column("metric").getString(), m -> new LinkedHashMap<>())
                        .computeIfAbsent(row.column("label").getString(), l -> new ArrayList<>())
                        .add(new Bucket(Instant.ofEpochMilli(number(row, "bucket").longValue() * widthMs),
                                        number(row, "low").doubleValue(),
                                        number(row, "total").doubleValue() / count,
                                        number(row, "high").doubleValue(), count));
            });
        }
        List<Series> series = new ArrayList<>();
        for (Metric metric : metrics) {
            byMetric.getOrDefault(metric.key(), Map.of()).forEach((label, points) -> series.add(
                    new Series(metric.key(), metric.signal(),
                               metric.label() == null ? Map.of() : Map.of(metric.label(), label), points)));
        }
        return series;
    }

    /** Samples with a CPU and a memory figure, {@code from <= time < to}, oldest first; load NaN when unknown. */
    List<ResourceHistory.ResourceSample> resources(String host, Instant from, Instant to) {
        Map<Long, double[]> byTime = new LinkedHashMap<>();
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT sampled_at, metric, value FROM system_points WHERE host = ? AND label = '' "
                        + "AND metric IN (?, ?, ?) AND sampled_at >= ? AND sampled_at < ? ORDER BY sampled_at",
                host, Metric.CPU_PERCENT.key(), Metric.MEMORY_PERCENT.key(), Metric.LOAD_1M.key(),
                from.toEpochMilli(), to.toEpochMilli())) {
            rows.forEach(row -> {
                double[] values = byTime.computeIfAbsent(number(row, "sampled_at").longValue(),
                                                         t -> new double[] {Double.NaN, Double.NaN, Double.NaN});
                String metric = row.column("metric").getString();
                int index = metric.equals(Metric.CPU_PERCENT.key()) ? 0
                        : metric.equals(Metric.MEMORY_PERCENT.key()) ? 1 : 2;
                values[index] = number(row, "value").doubleValue();
            });
        }
        List<ResourceHistory.ResourceSample> samples = new ArrayList<>();
        byTime.forEach((time, values) -> {
            if (!Double.isNaN(values[0]) && !Double.isNaN(values[1])) {
                samples.add(new ResourceHistory.ResourceSample(Instant.ofEpochMilli(time), values[0], values[1],
                                                               values[2]));
            }
        });
        return samples;
    }

    /**
     * Min, average and max of CPU, memory and each mount's disk use over {@code [from, to)}: whole five-minute
     * buckets from the rollups, the parts before and after them from the points, so a month costs a few thousand
     * rows per metric however often samples are taken.
     */
    ResourceUsage.UsageWindow usage(String host, Instant from, Instant to) {
        long start = from.toEpochMilli();
        long end = to.toEpochMilli();
        Map<String, double[]> spreads = new LinkedHashMap<>(); // "metric|label" -> min, max, sum, count
        if (start < end) {
            long firstBucket = Math.floorDiv(start + ROLLUP_MS - 1, ROLLUP_MS) * ROLLUP_MS;
            long endBucket = Math.floorDiv(end, ROLLUP_MS) * ROLLUP_MS;
            if (firstBucket >= endBucket) {
                addUsage(spreads, false, host, start, end);
            } else {
                addUsage(spreads, false, host, start, firstBucket);
                addUsage(spreads, true, host, firstBucket, endBucket);
                addUsage(spreads, false, host, endBucket, end);
            }
        }
        String disk = Metric.DISK_PERCENT.key() + "|";
        Map<String, ResourceUsage.Spread> disks = new java.util.TreeMap<>();
        spreads.forEach((key, values) -> {
            if (key.startsWith(disk)) {
                disks.put(key.substring(disk.length()), spread(values));
            }
        });
        ResourceUsage.Spread cpu = spread(spreads.get(Metric.CPU_PERCENT.key() + "|"));
        return new ResourceUsage.UsageWindow(host, cpu == null ? 0 : cpu.samples(), cpu,
                                             spread(spreads.get(Metric.MEMORY_PERCENT.key() + "|")), disks);
    }

    private void addUsage(Map<String, double[]> spreads, boolean fromRollups, String host, long from, long to) {
        if (from >= to) {
            return;
        }
        String time = fromRollups ? "bucket_start" : "sampled_at";
        String aggregates = fromRollups
                ? "MIN(min_value) AS low, MAX(max_value) AS high, SUM(sum_value) AS total, SUM(samples) AS n "
                : "MIN(value) AS low, MAX(value) AS high, SUM(value) AS total, COUNT(*) AS n ";
        String sql = "SELECT metric, label, " + aggregates + "FROM " + (fromRollups ? "system_rollups" : "system_points")
                + " WHERE host = ? AND metric IN (?, ?, ?) AND " + time + " >= ? AND " + time + " < ? "
                + "GROUP BY metric, label";
        try (Stream<DbRow> rows = storage.db().execute().query(sql, host, Metric.CPU_PERCENT.key(),
                                                               Metric.MEMORY_PERCENT.key(),
                                                               Metric.DISK_PERCENT.key(), from, to)) {
            rows.forEach(row -> {
                long count = number(row, "n").longValue();
                if (count == 0) {
                    return;
                }
                double[] values = spreads.computeIfAbsent(
                        row.column("metric").getString() + "|" + row.column("label").getString(),
                        k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0});
                values[0] = Math.min(values[0], number(row, "low").doubleValue());
                values[1] = Math.max(values[1], number(row, "high").doubleValue());
                values[2] += number(row, "total").doubleValue();
                values[3] += count;
            });
        }
    }

    private static ResourceUsage.Spread spread(double[] values) {
        return values == null ? null : new ResourceUsage.Spread(values[0], values[2] / values[3], values[1],
                                                                 (long) values[3]);
    }

    /**
     * Deletes every host's points older than {@code cutoff}, and the rollups of five minutes wholly before it;
     * returns how many points went.
     */
    long deleteOlderThan(Instant cutoff) {
        long points = storage.db().execute().dml("DELETE FROM system_points WHERE sampled_at < ?",
                                                 cutoff.toEpochMilli());
        storage.db().execute().dml("DELETE FROM system_rollups WHERE bucket_start <= ?",
                                   cutoff.toEpochMilli() - ROLLUP_MS);
        return points;
    }

    private static Number number(DbRow row, String column) {
        return row.column(column).get(Number.class);
    }
}
