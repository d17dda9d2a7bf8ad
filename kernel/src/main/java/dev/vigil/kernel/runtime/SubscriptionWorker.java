package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.vigil.api.Subscription;
import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.QueryEvent;

/**
 * Delivers one subscription's events, in order, on a virtual thread of its own. Events queue in chunks — one per
 * publish, a whole batch for {@code publishAll} — so that a batch costs its publisher one hand-over and its
 * subscriber one wake-up; the capacity counts events. The subscription's filter runs on the publisher's thread.
 */
final class SubscriptionWorker<T> {

    private final String pluginId;
    private final Subscription<T> subscription;
    private final LinkedBlockingQueue<List<? extends T>> chunks = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final FailureReporter failures;
    private final Clock clock;
    private final ContributionStats stats = new ContributionStats();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong filteredOut = new AtomicLong();
    private final AtomicLong filterFailures = new AtomicLong();
    /** Whether statements may come (QueryEvent subscribers): those of this plugin's own origin are held back. */
    private final boolean screensOwnStatements;
    private final Thread thread;
    private volatile boolean running = true;

    SubscriptionWorker(String pluginId, Subscription<T> subscription, FailureReporter failures, Clock clock) {
        this.pluginId = pluginId;
        this.subscription = subscription;
        this.failures = failures;
        this.clock = clock;
        this.screensOwnStatements = subscription.eventType().isAssignableFrom(QueryEvent.class);
        this.thread = Thread.ofVirtual()
                .name("vigil-" + pluginId + "-" + subscription.eventType().getSimpleName())
                .unstarted(this::deliverLoop);
    }

    void start() {
        thread.start();
    }

    String pluginId() {
        return pluginId;
    }

    Class<T> eventType() {
        return subscription.eventType();
    }

    boolean accepts(Object event) {
        return running && subscription.eventType().isInstance(event);
    }

    boolean acceptsType(Class<?> type) {
        return running && subscription.eventType().isAssignableFrom(type);
    }

    void offer(Object event) {
        T typed = subscription.eventType().cast(event);
        if (wanted(typed)) {
            enqueue(List.of(typed));
        }
    }

    /** Queues the events this subscription wants, copied into one chunk. */
    void offerAll(List<?> events) {
        Predicate<? super T> filter = subscription.filter();
        boolean takesAll = filter == null && !screensOwnStatements;
        List<T> chunk = new ArrayList<>(filter == null ? events.size() : Math.min(events.size(), 16));
        for (Object event : events) {
            T typed = subscription.eventType().cast(Objects.requireNonNull(event, "a published event is null"));
            if (takesAll || wanted(typed)) {
                chunk.add(typed);
            }
        }
        if (!chunk.isEmpty()) {
            enqueue(chunk);
        }
    }

    private boolean wanted(T event) {
        if (screensOwnStatements && event instanceof QueryEvent query && pluginId.equals(query.origin())) {
            return false; // a plugin never receives the statements it ran: analysing them would store more of them
        }
        Predicate<? super T> filter = subscription.filter();
        if (filter == null) {
            return true;
        }
        try {
            if (filter.test(event)) {
                return true;
            }
        } catch (RuntimeException e) {
            // A broken filter must not break the publisher; the plugin learns of it through its counters.
            if (filterFailures.getAndIncrement() == 0) {
                failures.failed(pluginId, "filter of " + subscription.eventType().getSimpleName(), e, null, null,
                                false);
            }
        }
        filteredOut.incrementAndGet();
        return false;
    }

    /** Room is counted in events; a chunk larger than all of it is still taken when nothing is queued. */
    private void enqueue(List<? extends T> chunk) {
        int size = chunk.size();
        while (true) {
            int before = queued.get();
            if (before > 0 && before + size > subscription.capacity()) {
                dropped.addAndGet(size);
                return;
            }
            if (queued.compareAndSet(before, before + size)) {
                break;
            }
        }
        chunks.add(chunk);
    }

    /** Stops taking events and waits a moment for the one being handled. Queued events are dropped, counted. */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropped.addAndGet(queued.getAndSet(0));
        chunks.clear();
    }

    String eventName() {
        return subscription.eventType().getSimpleName();
    }

    long delivered() {
        return delivered.get();
    }

    long dropped() {
        return dropped.get();
    }

    Map<String, Object> view() {
        Map<String, Object> view = ContributionStats.view();
        view.put("event", subscription.eventType().getSimpleName());
        view.put("queued", queued.get());
        view.put("capacity", subscription.capacity());
        view.put("delivered", delivered.get());
        view.put("dropped", dropped.get());
        if (subscription.filter() != null) {
            view.put("filtered_out", filteredOut.get());
            view.put("filter_failures", filterFailures.get());
        }
        stats.describeInto(view);
        return view;
    }

    private void deliverLoop() {
        int maxBatch = subscription.maxBatch();
        long lingerNanos = subscription.linger().toNanos();
        List<T> batch = new ArrayList<>(Math.min(maxBatch, 1024));
        while (running) {
            List<? extends T> chunk;
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                return;
            }
            long deadline = System.nanoTime() + lingerNanos;
            while (chunk != null) {
                queued.addAndGet(-chunk.size());
                for (T event : chunk) {
                    batch.add(event);
                    if (batch.size() == maxBatch) {
                        deliver(batch);
                        batch.clear();
                    }
                }
                chunk = batch.isEmpty() ? null : next(deadline);
            }
            if (!batch.isEmpty()) {
                deliver(batch);
                batch.clear();
            }
        }
    }

    /** The next chunk, waiting until {@code deadline} for one (the subscription's linger); null when none came. */
    private List<? extends T> next(long deadline) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
            return chunks.poll();
        }
        try {
            return chunks.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void deliver(List<T> batch) {
        try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(pluginId, null, null))) {
            subscription.handler().accept(List.copyOf(batch));
            delivered.addAndGet(batch.size());
            stats.succeeded();
        } catch (Throwable error) {
            stats.failed(error, clock.instant());
            // A failing error-event subscriber must not be fed its own failure as a new error event.
            failures.failed(pluginId, "subscriber of " + subscription.eventType().getSimpleName(), error, null, null,
                            subscription.eventType() != ErrorEvent.class);
        }
    }
}
