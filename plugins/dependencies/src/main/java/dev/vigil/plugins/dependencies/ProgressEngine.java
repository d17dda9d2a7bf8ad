package dev.vigil.plugins.dependencies;

import java.util.List;
import java.util.concurrent.CancellationException;

import dev.vigil.api.Jobs;

import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.analyzer.Analyzer;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.exception.InitializationException;
import org.owasp.dependencycheck.utils.Settings;

/**
 * dependency-check's engine, reporting each analyzer it starts as job progress and stopping between analyzers
 * when the job is cancelled (the engine itself has neither).
 */
final class ProgressEngine extends Engine {

    private final Jobs.Progress progress;
    private final double from;
    private final double to;
    private final int analyzers;
    private int started;

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
        super.executeAnalysisTasks(analyzer, exceptions);
    }
}
