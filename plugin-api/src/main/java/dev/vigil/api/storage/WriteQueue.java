package dev.vigil.api.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vigil.api.http.ApiException;

/**
 * Items waiting to be written in batches. {@link #submit(List)} is for data a client must know to be durable
 * (answer 2xx when the future completes); {@link #offer(Object)} is for best-effort data that is shed, and
 * counted, when the queue is full.
 */
public interface WriteQueue<T> {

    /**
     * Queues all items or none. The future completes once they are committed, or exceptionally if the write failed.
     *
     * @throws dev.vigil.api.http.ApiException 503 with Retry-After when the queue cannot take them all now
     */
    CompletableFuture<Void> submit(List<T> items);

    /**
     * Submits and waits until the items are committed: what an ingest route does before answering 2xx.
     *
     * @throws ApiException 503 when the queue is full, the write failed (rolled back), or it took too long
     */
    default void submitAndWait(List<T> items, Duration timeout) {
        try {
            submit(items).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiException(503, "storage_error", "the batch could not be stored and nothing of it was kept: "
                    + cause.getMessage(), null, 5);
        } catch (TimeoutException e) {
            throw ApiException.overloaded("the batch was not stored within " + timeout.toSeconds() + " s", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.overloaded("interrupted while storing the batch", 5);
        }
    }

    /** Queues one item if there is room; false (and counted as dropped) when full. Never blocks. */
    boolean offer(T item);

    int depth();

    int capacity();
}
