package dev.vigil.plugins.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected browser's events: a bounded queue the hub offers to and the client's own request thread drains.
 * When the browser reads too slowly the queue fills and new events are dropped and counted, so one slow client
 * never holds up the others or the bus; the client is told how many it missed and re-reads its page.
 */
final class StreamClient {

    /** Put on the queue to wake the writer when the stream must end. */
    private static final StreamEvent END = new StreamEvent("end", "{}");

    private final long id;
    private final String caller;
    private final SignalFilter filter;
    private final BlockingQueue<StreamEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    StreamClient(long id, String caller, SignalFilter filter, int capacity) {
        this.id = id;
        this.caller = caller;
        this.filter = filter;
        this.queue = new ArrayBlockingQueue<>(capacity + 1); // room for END even when full
    }

    long id() {
        return id;
    }

    String caller() {
        return caller;
    }

    SignalFilter filter() {
        return filter;
    }

    boolean offer(StreamEvent event) {
        if (closed) {
            return false;
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(event)) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Waits up to {@code timeout} for the next events and takes up to {@code max} of them; empty when the wait
     * ran out (time for a keep-alive) or the stream is ending.
     */
    List<StreamEvent> take(Duration timeout, int max) throws InterruptedException {
        List<StreamEvent> events = new ArrayList<>();
        StreamEvent first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return events;
        }
        events.add(first);
        queue.drainTo(events, max - 1);
        if (events.remove(END)) {
            closed = true;
        }
        sent.addAndGet(events.size());
        return events;
    }

    /** Events dropped since the last call. */
    long takeDropped() {
        return dropped.getAndSet(0);
    }

    void close() {
        closed = true;
        queue.offer(END);
    }

    boolean closed() {
        return closed;
    }

    long sent() {
        return sent.get();
    }

    long droppedTotal() {
        return droppedTotal.get();
    }

    int depth() {
        return queue.size();
    }
}
