package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.ScheduledTask;

/**
 * Runs plugins' scheduled tasks. One timer thread only decides when; each run happens on a virtual thread of its
 * own, so a slow task delays nothing else. A run that comes due while the previous run of the same task is still
 * going is skipped and counted: a task never runs twice at once.
 */
public final class TaskScheduler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TaskScheduler.class.getName());

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "vigil-scheduler");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<Handle>> byPlugin = new ConcurrentHashMap<>();
    private final FailureReporter failures;
    private final ClusterLock clusterLock;
    private final Clock clock;

    public TaskScheduler(FailureReporter failures, ClusterLock clusterLock, Clock clock) {
        // A cancelled daily task would otherwise sit in the queue, holding its plugin's classes, for a day.
        timer.setRemoveOnCancelPolicy(true);
        this.failures = failures;
        this.clusterLock = clusterLock;
        this.clock = clock;
    }

    public void schedule(String pluginId, List<ScheduledTask> tasks) {
        List<Handle> handles = new CopyOnWriteArrayList<>();
        for (ScheduledTask task : tasks) {
            if (handles.stream().anyMatch(h -> h.task.name().equals(task.name()))) {
                throw new IllegalArgumentException("two tasks are named '" + task.name() + "'");
            }
            handles.add(new Handle(pluginId, task));
        }
        byPlugin.put(pluginId, handles);
        handles.forEach(handle -> handle.scheduleAfter(handle.task.initialDelay()));
    }

    /** Cancels the plugin's tasks and waits (bounded) for runs in progress to end. */
    public void cancel(String pluginId) {
        List<Handle> handles = byPlugin.remove(pluginId);
        if (handles != null) {
            handles.forEach(Handle::cancel);
        }
    }

    /** Starts a run now unless one is going; false when the task is unknown. */
    public boolean runNow(String pluginId, String taskName) {
        Optional<Handle> handle = byPlugin.getOrDefault(pluginId, List.of()).stream()
                .filter(h -> h.task.name().equals(taskName)).findFirst();
        handle.ifPresent(h -> timer.execute(h::trigger));
        return handle.isPresent();
    }

    public List<Map<String, Object>> describe(String pluginId) {
        return byPlugin.getOrDefault(pluginId, List.of()).stream().map(Handle::view).toList();
    }

    @Override
    public void close() {
        new ArrayList<>(byPlugin.keySet()).forEach(this::cancel);
        timer.shutdownNow();
    }

    /** One scheduled task and its record. */
    private final class Handle {
        private final String pluginId;
        private final ScheduledTask task;
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicLong runs = new AtomicLong();
        private final AtomicLong skippedOverrun = new AtomicLong();
        private final AtomicLong skippedOtherNode = new AtomicLong();
        private final ContributionStats stats = new ContributionStats();
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> next;
        private volatile Instant nextRunAt;
        private volatile Instant lastStart;
        private volatile long lastDurationMs = -1;
        private volatile Thread runner;

        Handle(String pluginId, ScheduledTask task) {
            this.pluginId = pluginId;
            this.task = task;
        }

        void scheduleAfter(Duration delay) {
            if (cancelled) {
                return;
            }
            long millis = Math.max(0, delay.toMillis());
            nextRunAt = clock.instant().plusMillis(millis);
            next = timer.schedule(() -> {
                trigger();
                scheduleAfter(currentInterval());
            }, millis, TimeUnit.MILLISECONDS);
        }

        private Duration currentInterval() {
            try {
                Duration interval = task.interval().get();
                return interval == null || interval.isNegative() || interval.isZero() ? Duration.ofSeconds(1)
                        : interval;
            } catch (RuntimeException e) {
                stats.failed(e, clock.instant());
                return Duration.ofMinutes(1);
            }
        }

        void trigger() {
            if (cancelled) {
                return;
            }
            if (!running.compareAndSet(false, true)) {
                skippedOverrun.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "task {0}/{1} still running; this run is skipped", pluginId,
                        task.name());
                return;
            }
            runner = Thread.ofVirtual().name("vigil-task-" + pluginId + "-" + task.name()).start(this::runOnce);
        }

        private void runOnce() {
            Optional<AutoCloseable> lock = Optional.empty();
            try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(pluginId, null, null))) {
                if (task.oncePerCluster()) {
                    lock = clusterLock.tryAcquire(pluginId + "/" + task.name());
                    if (lock.isEmpty()) {
                        skippedOtherNode.incrementAndGet();
                        return;
                    }
                }
                lastStart = clock.instant();
                long started = System.nanoTime();
                try {
                    task.body().run();
                    stats.succeeded();
                } catch (Throwable error) {
                    if (!cancelled) {
                        stats.failed(error, clock.instant());
                        failures.failed(pluginId, "task " + task.name(), error, null, null, true);
                    }
                } finally {
                    runs.incrementAndGet();
                    lastDurationMs = (System.nanoTime() - started) / 1_000_000;
                }
            } finally {
                lock.ifPresent(TaskScheduler::release);
                runner = null;
                running.set(false);
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> scheduled = next;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            Thread thread = runner;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (thread.isAlive()) {
                    LOG.log(System.Logger.Level.WARNING, "task {0}/{1} did not stop within 10 s of its plugin "
                            + "stopping", pluginId, task.name());
                }
            }
        }

        Map<String, Object> view() {
            Map<String, Object> view = ContributionStats.view();
            view.put("name", task.name());
            view.put("interval_ms", currentInterval().toMillis());
            view.put("once_per_cluster", task.oncePerCluster());
            view.put("running", running.get());
            view.put("runs", runs.get());
            view.put("last_run", lastStart);
            view.put("last_duration_ms", lastDurationMs < 0 ? null : lastDurationMs);
            view.put("next_run", cancelled ? null : nextRunAt);
            view.put("skipped_overruns", skippedOverrun.get());
            view.put("skipped_other_node", skippedOtherNode.get());
            stats.describeInto(view);
            return view;
        }
    }

    private static void release(AutoCloseable lock) {
        try {
            lock.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "could not release a cluster lock", e);
        }
    }
}
