package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.vigil.api.Jobs;

/** One plugin's jobs: each on a virtual thread, at most one per kind, the newest 50 kept. */
public final class JobRunner implements Jobs {

    private static final int KEPT = 50;

    private final String pluginId;
    private final FailureReporter failures;
    private final Clock clock;
    private final Map<String, JobRecord> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, JobRecord> runningByKind = new HashMap<>();
    private volatile boolean stopping;

    public JobRunner(String pluginId, FailureReporter failures, Clock clock) {
        this.pluginId = pluginId;
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public Job submit(String kind, Work work) {
        synchronized (runningByKind) {
            if (stopping) {
                throw new IllegalStateException("plugin " + pluginId + " is stopping");
            }
            JobRecord running = runningByKind.get(kind);
            if (running != null) {
                return running.snapshot();
            }
            String id = pluginId + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
            JobRecord job = new JobRecord(id, kind, clock.instant());
            runningByKind.put(kind, job);
            synchronized (jobs) {
                jobs.put(id, job);
                while (jobs.size() > KEPT) {
                    String oldest = jobs.keySet().iterator().next();
                    if (jobs.get(oldest).state == State.RUNNING || jobs.get(oldest).state == State.QUEUED) {
                        break;
                    }
                    jobs.remove(oldest);
                }
            }
            job.thread = Thread.ofVirtual().name("vigil-job-" + id).start(() -> run(job, work));
            return job.snapshot();
        }
    }

    @Override
    public Optional<Job> find(String id) {
        JobRecord job = jobs.get(id);
        return job == null ? Optional.empty() : Optional.of(job.snapshot());
    }

    @Override
    public List<Job> list() {
        List<Job> list = new ArrayList<>();
        synchronized (jobs) {
            jobs.values().forEach(job -> list.add(job.snapshot()));
        }
        Collections.reverse(list);
        return list;
    }

    /** Asks running jobs to stop, interrupts them and waits a little. */
    public void cancelAll() {
        List<JobRecord> running;
        synchronized (runningByKind) {
            stopping = true;
            running = new ArrayList<>(runningByKind.values());
        }
        for (JobRecord job : running) {
            job.cancelled = true;
            Thread thread = job.thread;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void run(JobRecord job, Work work) {
        job.state = State.RUNNING;
        job.startedAt = clock.instant();
        try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(pluginId, null, null))) {
            Object result = work.run(job);
            job.result = result;
            job.progress = 1.0;
            job.state = job.cancelled ? State.CANCELLED : State.SUCCEEDED;
        } catch (Throwable error) {
            job.error = ContributionStats.describe(error);
            job.state = job.cancelled ? State.CANCELLED : State.FAILED;
            if (!job.cancelled) {
                failures.failed(pluginId, "job " + job.kind + " " + job.id, error, null, null, true);
            }
        } finally {
            job.finishedAt = clock.instant();
            synchronized (runningByKind) {
                runningByKind.remove(job.kind, job);
            }
        }
    }

    /** The mutable state of one job; readers get snapshots. */
    private final class JobRecord implements Progress {
        private final String id;
        private final String kind;
        private final Instant submittedAt;
        private volatile State state = State.QUEUED;
        private volatile double progress;
        private volatile String message;
        private volatile Instant startedAt;
        private volatile Instant finishedAt;
        private volatile Object result;
        private volatile String error;
        private volatile boolean cancelled;
        private volatile Thread thread;

        JobRecord(String id, String kind, Instant submittedAt) {
            this.id = id;
            this.kind = kind;
            this.submittedAt = submittedAt;
        }

        @Override
        public void update(double fraction, String newMessage) {
            progress = Math.max(0, Math.min(1, fraction));
            message = newMessage;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        Job snapshot() {
            return new Job(id, pluginId, kind, state, progress, message, submittedAt, startedAt, finishedAt, result,
                           error);
        }
    }
}
