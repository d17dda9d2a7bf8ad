package dev.vigil.kernel.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.vigil.api.http.ApiException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write queue on a real SQLite file: group commit, all-or-nothing batches, a full queue refusing at once. */
class WriteQueueTest {

    @TempDir
    Path dir;
    KernelStorage storage;

    @BeforeEach
    void open() throws SQLException, java.io.IOException {
        storage = KernelStorage.open("", "", "", dir);
        storage.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE q_items (value INTEGER NOT NULL CHECK (value >= 0))");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private WriteQueueImpl<Integer> queue(int capacity, CountDownLatch gate) {
        return new WriteQueueImpl<>("test", "items", capacity, (connection, batch) -> {
            awaitQuietly(gate);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO q_items (value) VALUES (?)")) {
                for (int value : batch) {
                    insert.setInt(1, value);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }, storage, Clock.systemUTC());
    }

    @Test
    void everySubmittedItemIsCommittedWhenItsFutureCompletes() throws Exception {
        WriteQueueImpl<Integer> queue = queue(100_000, null);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int batch = 0; batch < 50; batch++) {
            int from = batch * 100;
            done.add(queue.submit(IntStream.range(from, from + 100).boxed().toList()));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertEquals(5000, count());
        queue.close();
    }

    @Test
    void aFailingBatchIsRolledBackWholeAndReportedToItsSubmitter() throws Exception {
        WriteQueueImpl<Integer> queue = queue(1000, null);
        CompletableFuture<Void> bad = queue.submit(List.of(1, 2, -3));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof SQLException, failure.toString());
        assertEquals(0, count(), "nothing of a failed batch is kept");
        queue.close();
    }

    @Test
    void aFullQueueRefusesAtOnceWithRetryAfterAndDropsOffersCounted() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        WriteQueueImpl<Integer> queue = queue(10, gate);
        CompletableFuture<Void> first = queue.submit(List.of(1, 2, 3, 4, 5, 6, 7, 8));
        ApiException full = assertThrows(ApiException.class, () -> queue.submit(List.of(9, 10, 11)));
        assertEquals(503, full.status());
        assertEquals(1, full.retryAfterSeconds());
        assertTrue(queue.offer(9));
        assertTrue(queue.offer(10));
        assertFalse(queue.offer(11));
        assertEquals(1L, queue.view().get("dropped"));
        gate.countDown();
        first.get(10, TimeUnit.SECONDS);
        queue.close();
        assertEquals(10, count(), "close drains what was queued");
    }

    private long count() throws SQLException {
        try (Connection connection = storage.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM q_items")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void awaitQuietly(CountDownLatch gate) {
        if (gate == null) {
            return;
        }
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
