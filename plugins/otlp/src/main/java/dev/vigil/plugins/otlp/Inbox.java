package dev.vigil.plugins.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.vigil.api.storage.Storage;
import dev.vigil.api.storage.WriteQueue;

/**
 * Accepted exports, kept until every span of them has been handed over, so that a 2xx survives a crash: after a
 * restart the rows of this node are read again. Rows are written through a group-committing write queue (one row
 * per export, so a few a second even at full load) and deleted once released.
 */
final class Inbox {

    /** One accepted export: its encoded request (protobuf), when it arrived, and the parts refused then. */
    record Entry(long id, long receivedAt, int refused, byte[] body) {
    }

    private final Storage storage;
    private final WriteQueue<Entry> queue;
    private final String node;

    Inbox(Storage storage, int capacity, Path dataDir) {
        this.storage = storage;
        this.node = nodeId(dataDir);
        this.queue = storage.writeQueue("inbox", capacity, this::insert);
    }

    /** A new row id: random, so that nodes sharing a PostgreSQL database never collide. */
    static long newId() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    /**
     * Stores the entry and returns once it is committed.
     *
     * @throws dev.vigil.api.http.ApiException 503 with Retry-After when the queue is full or the write failed
     */
    void store(Entry entry, Duration timeout) {
        queue.submitAndWait(List.of(entry), timeout);
    }

    private void insert(Connection connection, List<Entry> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO otlp_inbox (id, node, received_at, refused, body) VALUES (?, ?, ?, ?, ?)")) {
            for (Entry entry : batch) {
                insert.setLong(1, entry.id());
                insert.setString(2, node);
                insert.setLong(3, entry.receivedAt());
                insert.setInt(4, entry.refused());
                insert.setBytes(5, entry.body());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    void delete(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        storage.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM otlp_inbox WHERE id = ?")) {
                for (long id : ids) {
                    delete.setLong(1, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    /** This node's rows, oldest first, without their bodies: what a replay goes through. */
    List<Long> pending() throws SQLException {
        return storage.inTransaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM otlp_inbox WHERE node = ? ORDER BY received_at, id")) {
                select.setString(1, node);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    /** One row, with its body; null when it has gone meanwhile. */
    Entry read(long id) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT received_at, refused, body FROM otlp_inbox WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? new Entry(id, rows.getLong(1), rows.getInt(2), rows.getBytes(3)) : null;
                }
            }
        });
    }

    /** Deletes rows of any node older than {@code before} (a node that never came back): returns how many. */
    int deleteOlderThan(long before) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM otlp_inbox WHERE received_at < ?")) {
                delete.setLong(1, before);
                return delete.executeUpdate();
            }
        });
    }

    int depth() {
        return queue.depth();
    }

    /** This server's id among nodes sharing a database, made once and kept in the plugin's data directory. */
    private static String nodeId(Path dataDir) {
        Path file = dataDir.resolve("node-id");
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).strip();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("the node id in " + file + " cannot be read or written", e);
        }
    }
}
