package dev.vigil.plugins.optimizer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The models in use. After a start they are read back from disk in the background; callers that need them wait for
 * that first load (bounded) instead of seeing "no model" for the second it takes.
 */
final class ModelHolder {

    private final CountDownLatch firstLoad = new CountDownLatch(1);
    private volatile LoadedModels current;
    private volatile String loadProblem;

    Optional<LoadedModels> current() {
        return Optional.ofNullable(current);
    }

    /** The models, waiting up to {@code timeout} for the load after a start. */
    Optional<LoadedModels> await(Duration timeout) {
        try {
            firstLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return current();
    }

    boolean loading() {
        return firstLoad.getCount() > 0;
    }

    String loadProblem() {
        return loadProblem;
    }

    void use(LoadedModels models) {
        current = models;
        loadProblem = null;
        firstLoad.countDown();
    }

    /** The load after start is over, with or without models ({@code problem} says why not, when it failed). */
    void loaded(LoadedModels models, String problem) {
        if (models != null && current == null) {
            current = models;
        }
        loadProblem = problem;
        firstLoad.countDown();
    }
}
