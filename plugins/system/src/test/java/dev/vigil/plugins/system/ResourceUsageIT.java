package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.api.services.ResourceUsage;
import dev.vigil.testkit.ServiceProbe;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ResourceUsage} as another plugin sees it: min, average and max over a window that starts and ends inside
 * five-minute buckets, equal to those of the samples themselves.
 */
class ResourceUsageIT {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant T0 = NOW.minus(Duration.ofHours(1));
    private static final String HOST = "usage-host";
    private static final long FIVE_MINUTES = 300_000;

    @TempDir
    static Path jars;
    static Path probe;

    /** Answers what ResourceUsage.usage gives for ?from=&to=. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = ServiceProbe.build(jars, "usageprobe", "/usage", ResourceUsage.class, "usage", "from", "to");
    }

    /** One stored value. */
    private record Point(String metric, String label, long time, double value) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void spreadsOfTheWindowMatchItsSamples(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        // A one-hour interval keeps the sampling task out of the window: its sample is taken at NOW.
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe).database(database)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .config("system", "interval: 1h\nhost-name: " + HOST + "\n").start()) {
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < 120; i++) { // 20 minutes, every 10 s
                long time = T0.toEpochMilli() + i * 10_000L;
                points.add(new Point("cpu_percent", "", time, i == 40 ? 97.5 : 10 + i % 7));
                points.add(new Point("memory_percent", "", time, 40 + i % 3));
                points.add(new Point("disk_percent", "/", time, 70));
                points.add(new Point("disk_percent", "/data, \"x\"", time, 20 + i / 60));
                points.add(new Point("swap_percent", "", time, 5)); // not asked for
            }
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
                insert(connection, points);
            }
            Instant from = T0.plus(Duration.ofSeconds(150)); // inside the first bucket
            Instant to = T0.plus(Duration.ofSeconds(17 * 60 + 45)); // inside the fourth

            JsonNode usage = server.get("/api/v1/usageprobe/usage?from=" + from + "&to=" + to, server.viewerToken())
                    .json();
            assertEquals(HOST, usage.get("host").asText());
            List<Point> inside = points.stream()
                    .filter(p -> p.time() >= from.toEpochMilli() && p.time() < to.toEpochMilli()).toList();
            assertSpread(inside, "cpu_percent", "", usage.get("cpu_percent"));
            assertEquals(97.5, usage.at("/cpu_percent/max").asDouble());
            assertEquals(usage.at("/cpu_percent/samples").asLong(), usage.get("samples").asLong());
            assertSpread(inside, "memory_percent", "", usage.get("memory_percent"));
            assertEquals(2, usage.get("disk_percent").size(), usage.toString());
            assertSpread(inside, "disk_percent", "/", usage.get("disk_percent").get("/"));
            assertSpread(inside, "disk_percent", "/data, \"x\"", usage.get("disk_percent").get("/data, \"x\""));

            JsonNode empty = server.get("/api/v1/usageprobe/usage?from=" + NOW.minus(Duration.ofHours(5))
                                                + "&to=" + NOW.minus(Duration.ofHours(4)), server.viewerToken())
                    .json();
            assertEquals(0, empty.get("samples").asLong(), empty.toString());
            assertEquals(true, empty.get("cpu_percent").isNull());
            assertEquals(0, empty.get("disk_percent").size());
        }
    }

    private static void assertSpread(List<Point> inside, String metric, String label, JsonNode spread) {
        List<Double> values = inside.stream().filter(p -> p.metric().equals(metric) && p.label().equals(label))
                .map(Point::value).toList();
        String what = metric + " " + label + ": " + spread;
        assertEquals(values.size(), spread.get("samples").asLong(), what);
        assertEquals(values.stream().mapToDouble(v -> v).min().orElseThrow(), spread.get("min").asDouble(), what);
        assertEquals(values.stream().mapToDouble(v -> v).max().orElseThrow(), spread.get("max").asDouble(), what);
        assertEquals(values.stream().mapToDouble(v -> v).average().orElseThrow(), spread.get("avg").asDouble(), 1e-9,
                     what);
    }

    /** The points and their five-minute rollups, as the plugin keeps them. */
    private static void insert(Connection connection, List<Point> points) throws SQLException {
        Map<String, double[]> rollups = new TreeMap<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_points (host, metric, label, sampled_at, value) VALUES (?, ?, ?, ?, ?)")) {
            for (Point p : points) {
                insert.setString(1, HOST);
                insert.setString(2, p.metric());
                insert.setString(3, p.label());
                insert.setLong(4, p.time());
                insert.setDouble(5, p.value());
                insert.addBatch();
                double[] rollup = rollups.computeIfAbsent(p.metric() + "\n" + p.label() + "\n"
                                                                  + (p.time() / FIVE_MINUTES * FIVE_MINUTES),
                                                          k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, 0, 0});
                rollup[0] = Math.min(rollup[0], p.value());
                rollup[1] = Math.max(rollup[1], p.value());
                rollup[2] += p.value();
                rollup[3]++;
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO system_rollups (host, metric, label, bucket_start, min_value, max_value, sum_value, "
                        + "samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, double[]> rollup : rollups.entrySet()) {
                String[] key = rollup.getKey().split("\n");
                insert.setString(1, HOST);
                insert.setString(2, key[0]);
                insert.setString(3, key[1]);
                insert.setLong(4, Long.parseLong(key[2]));
                insert.setDouble(5, rollup.getValue()[0]);
                insert.setDouble(6, rollup.getValue()[1]);
                insert.setDouble(7, rollup.getValue()[2]);
                insert.setLong(8, (long) rollup.getValue()[3]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
