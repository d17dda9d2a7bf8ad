package dev.vigil.plugins.alerts;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs tasks of one key one after another, in the order they came, and tasks of different keys side by side: one
 * alert's notifications to one channel keep their order (a resolution never overtakes the firing it resolves, even
 * while that firing waits to be sent again), while a slow channel or alert holds up nobody else.
 */
final class DeliveryLanes {

    private final Executor threads;
    /** The tasks waiting behind each key's running task; a key is present while its lane runs. */
    private final Map<String, Queue<Runnable>> waiting = new HashMap<>();

    DeliveryLanes(Executor threads) {
        this.threads = threads;
    }

    /**
     * Runs {@code task} after the tasks of {@code key} already submitted.
     *
     * @throws RejectedExecutionException when the lane had to start and the executor refused it (it is shut down)
     */
    void submit(String key, Runnable task) {
        synchronized (waiting) {
            Queue<Runnable> lane = waiting.get(key);
            if (lane != null) {
                lane.add(task);
                return;
            }
            waiting.put(key, new ArrayDeque<>());
        }
        try {
            threads.execute(() -> drain(key, task));
        } catch (RejectedExecutionException e) {
            synchronized (waiting) {
                waiting.remove(key);
            }
            throw e;
        }
    }

    private void drain(String key, Runnable first) {
        Runnable next = first;
        while (next != null) {
            try {
                next.run();
            } finally {
                synchronized (waiting) {
                    Queue<Runnable> lane = waiting.get(key);
                    next = lane.poll();
                    if (next == null) {
                        waiting.remove(key);
                    }
                }
            }
        }
    }
}
