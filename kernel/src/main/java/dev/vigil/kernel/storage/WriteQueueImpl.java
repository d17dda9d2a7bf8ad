package dev.vigil.kernel.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.storage.Storage;
import dev.vigil.api.storage.WriteQueue;
import dev.vigil.kernel.runtime.ContributionStats;
import dev.vigil.kernel.runtime.CurrentWork;

/**
 * Group commit: callers queue items in memory and one writer thread commits whatever has accumulated in a single
 * transaction, so concurrent batches share one fsync. Capacity counts items; a full queue refuses at once.
 */
final class WriteQueueImpl<T> implements WriteQueue<T> {

    private static final System.Logger LOG = System.getLogger(WriteQueueImpl.class.getName());
    private static final int MAX_ITEMS_PER_TRANSACTION = 20_000;

    private final String pluginId;
    private final String name;
    private final int capacity;
    private final Storage.BatchWriter<T> writer;
    private final KernelStorage storage;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Pending<T>> pending = new ArrayDeque<>();
    private final ContributionStats stats = new ContributionStats();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private int queuedItems;
    private volatile boolean accepting = true;

    WriteQueueImpl(String pluginId, String name, int capacity, Storage.BatchWriter<T> writer, KernelStorage storage,
                   Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("write queue capacity must be positive: " + capacity);
        }
        this.pluginId = pluginId;
        this.name = name;
        this.capacity = capacity;
        this.writer = writer;
        this.storage = storage;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("vigil-writer-" + pluginId + "-" + name).start(this::writeLoop);
    }

    /** Items queued together, and who waits for them. */
    private record Pending<T>(List<T> items, CompletableFuture<Void> done) {
    }

    @Override
    public CompletableFuture<Void> submit(List<T> items) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (items.isEmpty()) {
            done.complete(null);
            return done;
        }
        lock.lock();
        try {
            if (!accepting) {
                throw ApiException.overloaded("the " + pluginId + " plugin is stopping", 5);
            }
            if (queuedItems + items.size() > capacity) {
                rejected.addAndGet(items.size());
                throw ApiException.overloaded("the " + name + " write queue of " + pluginId + " is full ("
                                                      + queuedItems + " of " + capacity + " items waiting)", 1);
            }
            pending.add(new Pending<>(List.copyOf(items), done));
            queuedItems += items.size();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        return done;
    }

    @Override
    public boolean offer(T item) {
        lock.lock();
        try {
            if (!accepting || queuedItems + 1 > capacity) {
                dropped.incrementAndGet();
                return false;
            }
            pending.add(new Pending<>(List.of(item), null));
            queuedItems++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int depth() {
        lock.lock();
        try {
            return queuedItems;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Stops accepting, writes what is queued (bounded wait), and ends the writer thread. */
    void close() {
        lock.lock();
        try {
            accepting = false;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.log(System.Logger.Level.WARNING, "{0}/{1}: writer did not drain within 30 s", pluginId, name);
        }
    }

    Map<String, Object> view() {
        Map<String, Object> view = ContributionStats.view();
        view.put("name", name);
        view.put("depth", depth());
        view.put("capacity", capacity);
        view.put("written", written.get());
        view.put("transactions", transactions.get());
        view.put("rejected", rejected.get());
        view.put("dropped", dropped.get());
        stats.describeInto(view);
        return view;
    }

    private void writeLoop() {
        List<Pending<T>> batch = new ArrayList<>();
        List<T> items = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (pending.isEmpty() && accepting) {
                    notEmpty.await();
                }
                if (pending.isEmpty()) {
                    return;
                }
                int taken = 0;
                while (!pending.isEmpty() && (taken == 0 || taken + pending.peek().items().size()
                        <= MAX_ITEMS_PER_TRANSACTION)) {
                    Pending<T> next = pending.poll();
                    taken += next.items().size();
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                failAll(new IllegalStateException("writer interrupted"));
                return;
            } finally {
                lock.unlock();
            }
            batch.forEach(p -> items.addAll(p.items()));
            write(batch, items);
            lock.lock();
            try {
                queuedItems -= items.size();
            } finally {
                lock.unlock();
            }
            batch.clear();
            items.clear();
        }
    }

    private void write(List<Pending<T>> batch, List<T> items) {
        try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(pluginId, null, null))) {
            storage.inTransaction(connection -> {
                writer.write(connection, items);
                return null;
            });
            written.addAndGet(items.size());
            transactions.incrementAndGet();
            stats.succeeded();
            try {
                writer.committed(items);
            } catch (RuntimeException e) {
                // Stored all the same: the submitters are told so; what failed is only what the writer publishes.
                LOG.log(System.Logger.Level.WARNING, pluginId + "/" + name + ": after a commit of " + items.size()
                        + " items: " + e.getMessage(), e);
            }
            batch.forEach(p -> {
                if (p.done() != null) {
                    p.done().complete(null);
                }
            });
        } catch (SQLException | RuntimeException e) {
            stats.failed(e, clock.instant());
            LOG.log(System.Logger.Level.WARNING, pluginId + "/" + name + ": a batch of " + items.size()
                    + " items could not be written and was rolled back", e);
            batch.forEach(p -> {
                if (p.done() != null) {
                    p.done().completeExceptionally(e);
                }
            });
        }
    }

    private void failAll(Exception cause) {
        lock.lock();
        try {
            pending.forEach(p -> {
                if (p.done() != null) {
                    p.done().completeExceptionally(cause);
                }
            });
            pending.clear();
            queuedItems = 0;
        } finally {
            lock.unlock();
        }
    }
}
