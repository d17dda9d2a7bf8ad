package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.Subscription;
import dev.vigil.api.events.ErrorEvent;

/** Delivers one subscription's events, in order, on a virtual thread of its own, through a bounded queue. */
final class SubscriptionWorker<T> {

    private final String pluginId;
    private final Subscription<T> subscription;
    private final ArrayBlockingQueue<T> queue;
    private final FailureReporter failures;
    private final Clock clock;
    private final ContributionStats stats = new ContributionStats();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    SubscriptionWorker(String pluginId, Subscription<T> subscription, FailureReporter failures, Clock clock) {
        this.pluginId = pluginId;
        this.subscription = subscription;
        this.queue = new ArrayBlockingQueue<>(subscription.capacity());
        this.failures = failures;
        this.clock = clock;
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

    void offer(Object event) {
        if (!queue.offer(subscription.eventType().cast(event))) {
            dropped.incrementAndGet();
        }
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
        dropped.addAndGet(queue.size());
        queue.clear();
    }

    Map<String, Object> view() {
        Map<String, Object> view = ContributionStats.view();
        view.put("event", subscription.eventType().getSimpleName());
        view.put("queued", queue.size());
        view.put("capacity", subscription.capacity());
        view.put("delivered", delivered.get());
        view.put("dropped", dropped.get());
        stats.describeInto(view);
        return view;
    }

    private void deliverLoop() {
        List<T> batch = new ArrayList<>(subscription.maxBatch());
        while (running) {
            try {
                T first = queue.take();
                batch.add(first);
                if (subscription.maxBatch() > 1) {
                    queue.drainTo(batch, subscription.maxBatch() - 1);
                }
            } catch (InterruptedException e) {
                return;
            }
            deliver(batch);
            batch.clear();
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
