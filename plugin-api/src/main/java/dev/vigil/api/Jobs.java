package dev.vigil.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Long work (training a model, scanning jars) run off the request threads, with progress a client can poll.
 * At most one job of a kind runs per plugin at a time: submitting while one runs returns the running job.
 * Jobs are kept in memory (the last 50 per plugin) and cancelled when the plugin stops.
 */
public interface Jobs {

    Job submit(String kind, Work work);

    Optional<Job> find(String id);

    /** This plugin's jobs, newest first. */
    List<Job> list();

    /** The work of a job; its return value becomes the job's result (serialised to JSON). */
    @FunctionalInterface
    interface Work {
        Object run(Progress progress) throws Exception;
    }

    /** Reported by the work as it goes. */
    interface Progress {
        /** @param fraction 0..1 */
        void update(double fraction, String message);

        /** True once the plugin is stopping: the work should return soon. */
        boolean cancelled();
    }

    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    /** A snapshot of a job. */
    record Job(String id, String plugin, String kind, State state, double progress, String message,
               Instant submittedAt, Instant startedAt, Instant finishedAt, Object result, String error) {
    }
}
