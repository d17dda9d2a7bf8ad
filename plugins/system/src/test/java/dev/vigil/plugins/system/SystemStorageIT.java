package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stored history on both databases: a week of samples inserted directly (the server's clock is fixed, so
 * "a week ago" is exact), read back downsampled, then cut by retention.
 */
class SystemStorageIT {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String HOST = "it-host";
    private static final long STEP_MS = 10_000;
    private static final int WEEK_OF_SAMPLES = (int) (Duration.ofDays(7).toMillis() / STEP_MS);
    private static final Instant SPIKE_AT = NOW.minus(Duration.ofDays(3)).plusSeconds(12 * 60 + 10);
    private static final double SPIKE = 99.5;
    private static final long FIVE_MINUTES = 300_000;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aWeekIsDownsampledToAtMost500PointsAndRetentionDeletesOnlyOldRows(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        // A one-hour interval keeps the sampling task (first run one second after start) out of the way: its only
        // sample has no CPU rate, so cpu_percent holds exactly the rows inserted here.
        try (TestServer server = TestServer.builder().pluginUnderTest().database(database)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .config("system", "interval: 1h\nretention: 7d\nhost-name: " + HOST + "\n").start()) {
            TestServer.await(Duration.ofSeconds(10), "the first sample", () ->
                    server.get("/api/v1/system/health", server.viewerToken()).json().get("sample").isObject());
            double sum;
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
                sum = insertWeek(connection);
                insert(connection, HOST, NOW.minus(Duration.ofDays(8)), 5.0);
                insert(connection, "other-host", NOW.minus(Duration.ofDays(9)), 5.0);
                insert(connection, "other-host", NOW.minus(Duration.ofDays(1)), 5.0);
            }

            JsonNode week = server.get("/api/v1/system/metrics?hours=168&metric=cpu_percent", server.viewerToken())
                    .json();
            assertEquals(1800, week.get("bucket_seconds").asInt(), week.toString());
            assertEquals(1, week.get("series").size());
            JsonNode points = week.at("/series/0/points");
            assertTrue(points.size() <= 500 && points.size() >= 330, points.size() + " points");
            long count = 0;
            double min = Double.MAX_VALUE;
            double max = 0;
            double weighted = 0;
            for (JsonNode point : points) {
                double low = point.get("min").asDouble();
                double avg = point.get("avg").asDouble();
                double high = point.get("max").asDouble();
                assertTrue(low <= avg && avg <= high, point.toString());
                count += point.get("count").asLong();
                weighted += avg * point.get("count").asLong();
                min = Math.min(min, low);
                max = Math.max(max, high);
                Instant start = Instant.parse(point.get("time").asText());
                if (high == SPIKE) {
                    assertTrue(!SPIKE_AT.isBefore(start) && SPIKE_AT.isBefore(start.plusSeconds(1800)),
                               "the spike is in the bucket that covers its time: " + point);
                }
            }
            assertEquals(WEEK_OF_SAMPLES, count, "every sample of the week (the one 8 days old is outside)");
            assertEquals(10.0, min);
            assertEquals(SPIKE, max, "a one-sample spike survives downsampling as its bucket's max");
            assertEquals(sum / WEEK_OF_SAMPLES, weighted / count, 1e-6);

            JsonNode hour = server.get("/api/v1/system/metrics?hours=1&metric=cpu_percent", server.viewerToken())
                    .json();
            assertEquals(10, hour.get("bucket_seconds").asInt());
            assertEquals(360, hour.at("/series/0/points").size(), "one point per sample for a short range");
            assertEquals(1, hour.at("/series/0/points/0/count").asInt());

            HttpResult run = server.post("/api/v1/admin/plugins/system/tasks/retention/run", null,
                                         server.adminToken());
            assertEquals(202, run.status(), run.body());
            long cutoff = NOW.minus(Duration.ofDays(7)).toEpochMilli();
            TestServer.await(Duration.ofSeconds(10), "retention to delete the old rows",
                             () -> rows(server, "sampled_at < " + cutoff) == 0
                                     && count(server, "system_rollups", "bucket_start < " + (cutoff - FIVE_MINUTES)) == 0);
            assertEquals(WEEK_OF_SAMPLES, rows(server, "host = '" + HOST + "' AND metric = 'cpu_percent'"),
                         "the week is kept, the 8-day-old row is gone");
            assertEquals(1, rows(server, "host = 'other-host'"), "other hosts' rows obey the same retention");
            assertTrue(rows(server, "host = '" + HOST + "' AND metric = 'memory_percent'") >= 1,
                       "the live sample is kept");
            assertEquals(7 * 24 * 12, count(server, "system_rollups", "host = '" + HOST + "' AND metric = 'cpu_percent'"),
                         "the week's rollups are kept");
            assertTrue(count(server, "system_rollups", "host = '" + HOST + "' AND metric = 'memory_percent'") >= 1,
                       "the live sample's rollup is kept");
        }
    }

    /**
     * A week of cpu_percent every 10 s, ending 10 s before now: 10..16 %, with one spike; and its five-minute
     * rollups, as the plugin keeps them beside its own samples. Returns the sum of the values.
     */
    private static double insertWeek(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        double sum = 0;
        Map<Long, double[]> rollups = new TreeMap<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_points (host, metric, label, sampled_at, value) VALUES (?, 'cpu_percent', '', ?, ?)")) {
            long start = NOW.minus(Duration.ofDays(7)).toEpochMilli();
            for (int i = 0; i < WEEK_OF_SAMPLES; i++) {
                long time = start + i * STEP_MS;
                double value = time == SPIKE_AT.toEpochMilli() ? SPIKE : 10 + i % 7;
                sum += value;
                insert.setString(1, HOST);
                insert.setLong(2, time);
                insert.setDouble(3, value);
                insert.addBatch();
                double[] rollup = rollups.computeIfAbsent(time / FIVE_MINUTES,
                                                          b -> new double[] {Double.MAX_VALUE, 0, 0, 0});
                rollup[0] = Math.min(rollup[0], value);
                rollup[1] = Math.max(rollup[1], value);
                rollup[2] += value;
                rollup[3]++;
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_rollups (host, metric, label, bucket_start, min_value, max_value, sum_value, "
                        + "samples) VALUES (?, 'cpu_percent', '', ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, double[]> rollup : rollups.entrySet()) {
                insert.setString(1, HOST);
                insert.setLong(2, rollup.getKey() * FIVE_MINUTES);
                insert.setDouble(3, rollup.getValue()[0]);
                insert.setDouble(4, rollup.getValue()[1]);
                insert.setDouble(5, rollup.getValue()[2]);
                insert.setLong(6, (long) rollup.getValue()[3]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
        return sum;
    }

    /** One old sample and its rollup. */
    private static void insert(Connection connection, String host, Instant time, double value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_points (host, metric, label, sampled_at, value) VALUES (?, 'cpu_percent', '', ?, ?)")) {
            insert.setString(1, host);
            insert.setLong(2, time.toEpochMilli());
            insert.setDouble(3, value);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_rollups (host, metric, label, bucket_start, min_value, max_value, sum_value, "
                        + "samples) VALUES (?, 'cpu_percent', '', ?, ?, ?, ?, 1)")) {
            insert.setString(1, host);
            insert.setLong(2, time.toEpochMilli() / FIVE_MINUTES * FIVE_MINUTES);
            insert.setDouble(3, value);
            insert.setDouble(4, value);
            insert.setDouble(5, value);
            insert.executeUpdate();
        }
    }

    private static long rows(TestServer server, String where) {
        return count(server, "system_points", where);
    }

    private static long count(TestServer server, String table, String where) {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE " + where)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
