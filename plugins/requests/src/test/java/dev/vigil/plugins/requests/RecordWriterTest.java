package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.storage.Dialect;
import dev.vigil.api.storage.Migration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against a real SQLite file: raw rows, merged figure rows per writer, user counters. */
class RecordWriterTest {

    private static final Instant MINUTE = Instant.parse("2026-03-10T12:07:00Z");

    private Path dir;
    private Connection connection;

    @BeforeEach
    void openDatabase() throws Exception {
        dir = Files.createTempDirectory("requests-writer-");
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
        try (Statement statement = connection.createStatement()) {
            for (Migration migration : Schema.migrations()) {
                for (String sql : migration.statements()) {
                    statement.execute(Dialect.SQLITE.render(sql));
                }
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static RequestEvent record(Instant time, String endpoint, int status, double ms, String user) {
        return new RequestEvent(time, "shop", "GET", endpoint, endpoint, status, ms, user, null, null, null, null,
                                null, null);
    }

    private void write(RecordWriter writer, List<RequestEvent> batch) throws SQLException {
        connection.setAutoCommit(false);
        writer.write(connection, batch);
        connection.commit();
        connection.setAutoCommit(true);
    }

    private long single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private RequestStats merged(String table, String endpoint) throws SQLException {
        RequestStats stats = new RequestStats();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT request_count, client_errors, server_errors, sum_ms, "
                     + "min_ms, max_ms, histogram FROM " + table + " WHERE endpoint = '" + endpoint + "'")) {
            while (row.next()) {
                stats.merge(RequestStats.of(row.getLong(1), row.getLong(2), row.getLong(3), row.getDouble(4),
                                            row.getDouble(5), row.getDouble(6), row.getBytes(7)));
            }
        }
        return stats;
    }

    @Test
    void batchesOfOneWriterMergeIntoItsRowsAndAnotherWriterKeepsItsOwn() throws Exception {
        RecordWriter first = new RecordWriter(1);
        RecordWriter second = new RecordWriter(2);
        List<RequestEvent> a = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            a.add(record(MINUTE.plusMillis(i * 100L), "/a", i <= 3 ? 500 : 200, i, i % 2 == 0 ? "alice" : null));
        }
        write(first, a);
        write(first, List.of(record(MINUTE.plusSeconds(30), "/a", 404, 1000, "alice")));
        write(second, List.of(record(MINUTE.plusSeconds(40), "/a", 200, 0.5, "bob"),
                              record(MINUTE.plusSeconds(61), "/a", 200, 7, null)));

        assertEquals(103, single("SELECT COUNT(*) FROM requests_raw"));
        // Writer 1: one row for 12:07; writer 2: rows for 12:07 and 12:08.
        assertEquals(3, single("SELECT COUNT(*) FROM requests_minutes"));
        assertEquals(2, single("SELECT COUNT(*) FROM requests_hours"));
        RequestStats minute = merged("requests_minutes", "/a");
        assertEquals(103, minute.count());
        assertEquals(1, minute.clientErrors());
        assertEquals(3, minute.serverErrors());
        assertEquals(0.5, minute.minMs());
        assertEquals(1000, minute.maxMs());
        assertEquals(5050 + 1000 + 0.5 + 7, minute.sumMs(), 1e-9);
        assertEquals(50, minute.percentileMs(0.5), 0.5);
        assertEquals(103, merged("requests_hours", "/a").count());

        assertEquals(51, single("SELECT request_count FROM requests_users WHERE user_name = 'alice'"));
        assertEquals(1, single("SELECT client_errors FROM requests_users WHERE user_name = 'alice'"));
        assertEquals(1000, single("SELECT max_ms FROM requests_users WHERE user_name = 'alice'"));
        assertEquals(1, single("SELECT request_count FROM requests_users WHERE user_name = 'bob'"));
    }

    @Test
    void aFailedBatchLeavesNothing() throws Exception {
        RecordWriter writer = new RecordWriter(1);
        write(writer, List.of(record(MINUTE, "/a", 200, 5, null)));
        connection.setAutoCommit(false);
        writer.write(connection, List.of(record(MINUTE, "/a", 200, 5, "carol")));
        connection.rollback();
        connection.setAutoCommit(true);
        assertEquals(1, single("SELECT COUNT(*) FROM requests_raw"));
        assertEquals(1, single("SELECT request_count FROM requests_minutes"));
        assertEquals(0, single("SELECT COUNT(*) FROM requests_users"));
        // The next batch of the same writer reads its row again: nothing of the rolled-back batch leaks in.
        write(writer, List.of(record(MINUTE, "/a", 200, 5, null)));
        assertEquals(2, single("SELECT request_count FROM requests_minutes"));
    }
}
