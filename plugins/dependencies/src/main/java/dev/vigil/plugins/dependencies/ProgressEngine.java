package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import dev.vigil.api.Jobs;

import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.analyzer.Analyzer;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.exception.InitializationException;
import org.owasp.dependencycheck.utils.Settings;

/**
 * dependency-check's engine, reporting each analyzer it starts as job progress and stopping between analyzers
 * when the job is cancelled (the engine itself has neither). An interrupted analyzer returns only once its workers
 * have stopped: the engine leaves them running, unpacking archives into the temporary directory it then deletes.
 */
final class ProgressEngine extends Engine {

    /** Long enough for a worker to finish the file it is unpacking, short enough not to hold a stopping server. */
    private static final long WORKER_STOP_WAIT_SECONDS = 30;

    private final Jobs.Progress progress;
    private final double from;
    private final double to;
    private final int analyzers;
    private int started;
    private ExecutorService analyzerWorkers;
    private final Set<String> ran = new LinkedHashSet<>();
    private final Map<String, List<Throwable>> failures = new LinkedHashMap<>();

    ProgressEngine(ClassLoader loader, Mode mode, Settings settings, Jobs.Progress progress, double from, double to) {
        super(loader, mode, settings);
        this.progress = progress;
        this.from = from;
        this.to = to;
        this.analyzers = Math.max(1, getAnalyzers().size());
    }

    @Override
    protected void initializeAnalyzer(Analyzer analyzer) throws InitializationException {
        started++;
        progress.update(from + (to - from) * Math.min(started, analyzers) / analyzers,
                        "dependency-check: " + analyzer.getName() + " (" + started + " of " + analyzers + ")");
        super.initializeAnalyzer(analyzer);
    }

    @Override
    protected void executeAnalysisTasks(Analyzer analyzer, List<Throwable> exceptions) throws ExceptionCollection {
        if (progress.cancelled()) {
            throw new ExceptionCollection(new CancellationException("the scan was cancelled"), true);
        }
        int before = exceptions.size();
        try {
            super.executeAnalysisTasks(analyzer, exceptions);
        } finally {
            awaitWorkers();
            ran.add(analyzer.getClass().getSimpleName());
            if (exceptions.size() > before) {
                failures.computeIfAbsent(analyzer.getClass().getSimpleName(), name -> new ArrayList<>())
                        .addAll(exceptions.subList(before, exceptions.size()));
            }
        }
    }

    /** Whether the analyzer (by class name) ran over the dependencies: enabled, and with files it reads. */
    boolean ran(Class<? extends Analyzer> analyzer) {
        return ran.contains(analyzer.getSimpleName());
    }

    /** What went wrong in the analyzer (by class name) during this run; empty when nothing did. */
    List<Throwable> failures(Class<? extends Analyzer> analyzer) {
        return failures.getOrDefault(analyzer.getSimpleName(), List.of());
    }

    @Override
    protected ExecutorService getExecutorService(Analyzer analyzer) {
        analyzerWorkers = super.getExecutorService(analyzer);
        return analyzerWorkers;
    }

    /** Waits for the analyzer's workers, which the engine has shut down, keeping the caller's interrupt. */
    private void awaitWorkers() {
        ExecutorService workers = analyzerWorkers;
        analyzerWorkers = null;
        if (workers == null) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            workers.shutdownNow();
            workers.awaitTermination(WORKER_STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
