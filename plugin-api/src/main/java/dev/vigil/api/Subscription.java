package dev.vigil.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Interest in events of one type. Delivery is asynchronous, in publish order, on a thread of the subscription's
 * own, through a bounded queue: a slow subscriber drops events (counted, shown in the admin API), it never
 * slows the publisher. With {@code maxBatch > 1} the handler receives up to that many queued events at once.
 * Events published together ({@link EventBus#publishAll}) travel as one unit, so a batch of a thousand records
 * costs the publisher one hand-over, not a thousand.
 *
 * @param capacity events (not batches) the queue holds; one published batch larger than that is still taken
 *                 when the queue is empty
 * @param filter   which events the subscriber wants, tested on the publisher's thread before anything is queued
 *                 (so unwanted events cost neither queue room nor a wake-up); null for all. Keep it cheap and
 *                 free of I/O: it runs on request threads
 * @param linger   how long a delivery waits for more events once the first has come (up to {@code maxBatch}):
 *                 a handler that writes one transaction per call then writes a few a second, not one per
 *                 published batch. Zero delivers at once
 */
public record Subscription<T>(Class<T> eventType, int capacity, int maxBatch, Consumer<List<T>> handler,
                              Predicate<? super T> filter, Duration linger) {

    public static final int DEFAULT_CAPACITY = 10_000;

    public Subscription {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(handler, "handler");
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be positive");
        }
        linger = linger == null ? Duration.ZERO : linger;
        if (linger.isNegative() || linger.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("linger must be between 0 and 1 minute: " + linger);
        }
    }

    public Subscription(Class<T> eventType, int capacity, int maxBatch, Consumer<List<T>> handler) {
        this(eventType, capacity, maxBatch, handler, null, Duration.ZERO);
    }

    /** One event at a time. */
    public static <T> Subscription<T> to(Class<T> eventType, Consumer<? super T> handler) {
        return new Subscription<>(eventType, DEFAULT_CAPACITY, 1, events -> events.forEach(handler));
    }

    /** Up to {@code maxBatch} events per call: cheaper when each call writes to storage. */
    public static <T> Subscription<T> batched(Class<T> eventType, int maxBatch, Consumer<List<T>> handler) {
        return new Subscription<>(eventType, DEFAULT_CAPACITY, maxBatch, handler);
    }

    public Subscription<T> withCapacity(int newCapacity) {
        return new Subscription<>(eventType, newCapacity, maxBatch, handler, filter, linger);
    }

    /** Only the events {@code wanted} accepts are queued; it is tested on the publisher's thread. */
    public Subscription<T> where(Predicate<? super T> wanted) {
        return new Subscription<>(eventType, capacity, maxBatch, handler, Objects.requireNonNull(wanted, "wanted"),
                                  linger);
    }

    /** Each delivery waits up to {@code wait} for more events, up to {@code maxBatch}. */
    public Subscription<T> lingering(Duration wait) {
        return new Subscription<>(eventType, capacity, maxBatch, handler, filter, wait);
    }
}
