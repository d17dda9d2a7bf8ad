package dev.vigil.plugins.queries;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.storage.WriteQueue;

/**
 * The path every statement takes, whether ingested or observed on Vigil's own storage: fingerprinted, stored through
 * the write queue, counted for the minute's signals and the metrics, then grouped by request in the
 * {@link RequestWindow} until its request is analysed for N+1 and repeated statements.
 */
final class QueryIntake {

    static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final long WARN_EVERY_MS = 60_000;

    private final LiveConfig<QueriesConfig> config;
    private final WriteQueue<PendingWrite> queue;
    private final RequestWindow window;
    private final MinuteCounters counters;
    private final QueryMetrics metrics;
    private final Clock clock;
    private final System.Logger log;
    private final AtomicLong droppedOwnStatements = new AtomicLong();
    private final AtomicLong lostOutcomes = new AtomicLong();
    private final AtomicLong analysedRequests = new AtomicLong();
    private volatile long lastWarning;

    QueryIntake(LiveConfig<QueriesConfig> config, WriteQueue<PendingWrite> queue, RequestWindow window,
                MinuteCounters counters, QueryMetrics metrics, Clock clock, System.Logger log) {
        this.config = config;
        this.queue = queue;
        this.window = window;
        this.counters = counters;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
    }

    List<Statement> analyse(List<Execution> executions) {
        QueriesConfig settings = config.get();
        List<Statement> statements = new ArrayList<>(executions.size());
        for (Execution execution : executions) {
            statements.add(Statement.analyse(execution, settings.storedSqlLength(), settings.slowQueryMs()));
        }
        return statements;
    }

    /**
     * Stores the statements and returns once they are committed: what an ingest route answers 2xx after.
     *
     * @throws ApiException 503 when the queue is full or the write failed; nothing of the batch is kept then
     */
    void storeAndWait(List<Statement> statements) {
        storeAndWait(statements, STORE_TIMEOUT);
    }

    /** As {@link #storeAndWait(List)}, waiting at most {@code timeout} for the commit. */
    void storeAndWait(List<Statement> statements, Duration timeout) {
        queue.submitAndWait(new ArrayList<>(statements), timeout);
        stored(statements);
    }

    /**
     * Vigil's own statements, observed by the kernel. They are best effort: when the queue is full they are
     * dropped and counted rather than slowing anything down. The kernel never hands us our own statements.
     */
    void onEvents(List<QueryEvent> events) {
        if (!config.get().analyseOwnStatements() || events.isEmpty()) {
            return;
        }
        List<Statement> statements = analyse(events.stream().map(Execution::of).toList());
        try {
            queue.submit(new ArrayList<>(statements)).get(STORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ApiException | ExecutionException | TimeoutException e) {
            droppedOwnStatements.addAndGet(statements.size());
            warn("dropped " + statements.size() + " of Vigil's own statements: " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        stored(statements);
    }

    /**
     * Requests the request-metrics plugin accepted: those that report more queries than the threshold are kept as
     * flagged, whether or not their statements arrive here too. Only those few are written.
     */
    void onRequestEvents(List<RequestEvent> events) {
        int threshold = config.get().queryCountThreshold();
        List<PendingWrite> flagged = new ArrayList<>();
        for (RequestEvent event : events) {
            ReportedRequest request = ReportedRequest.of(event, threshold);
            if (request != null) {
                flagged.add(request);
            }
        }
        if (flagged.isEmpty()) {
            return;
        }
        try {
            queue.submit(flagged).whenComplete((done, error) -> {
                if (error != null) {
                    warn("requests reported over the threshold could not be stored: " + error.getMessage());
                }
            });
        } catch (ApiException e) {
            warn("dropped " + flagged.size() + " requests reported over the threshold: " + e.getMessage());
        }
    }

    private void stored(List<Statement> statements) {
        counters.statements(statements);
        metrics.stored(statements);
        QueriesConfig settings = config.get();
        List<RequestQueries> evicted = window.add(statements, clock.millis(), settings.maxOpenRequests(),
                                                  settings.maxOpenStatements());
        if (!evicted.isEmpty()) {
            submitOutcomes(evicted);
        }
    }

    /** Analyses the requests that have gone quiet (the scheduled task's work). */
    void closeDueRequests() {
        QueriesConfig settings = config.get();
        List<RequestQueries> due = window.closeDue(clock.millis(), settings.requestWindow().toMillis(),
                                                   settings.requestMaxAge().toMillis());
        if (!due.isEmpty()) {
            submitOutcomes(due);
        }
    }

    /** Analyses every open request, complete or not: the plugin is stopping. */
    void closeAllRequests() {
        List<RequestQueries> all = window.closeAll();
        if (!all.isEmpty()) {
            submitOutcomes(all);
        }
    }

    private void submitOutcomes(List<RequestQueries> requests) {
        QueriesConfig settings = config.get();
        List<PendingWrite> outcomes = new ArrayList<>(requests.size());
        for (RequestQueries request : requests) {
            List<Finding> findings = NPlusOneDetector.findings(request, settings.nPlusOneMinRepeats());
            counters.request(request.service(), request.count(), request.count() > settings.queryCountThreshold());
            metrics.analysed(request.service(), findings);
            outcomes.add(RequestOutcome.of(request, findings));
            if (!findings.isEmpty()) {
                log.log(System.Logger.Level.DEBUG, () -> "request " + request.key() + " of " + request.service()
                        + " at " + request.endpoint() + ": " + findings);
            }
        }
        analysedRequests.addAndGet(outcomes.size());
        try {
            queue.submit(outcomes).whenComplete((done, error) -> {
                if (error != null) {
                    lostOutcomes.addAndGet(outcomes.size());
                    warn("the analysis of " + outcomes.size() + " requests could not be stored: " + error.getMessage());
                }
            });
        } catch (ApiException e) {
            lostOutcomes.addAndGet(outcomes.size());
            warn("the analysis of " + outcomes.size() + " requests was dropped: " + e.getMessage());
        }
    }

    /** At most one warning a minute: a full queue would otherwise flood the log. */
    private void warn(String message) {
        long now = clock.millis();
        if (now - lastWarning >= WARN_EVERY_MS) {
            lastWarning = now;
            log.log(System.Logger.Level.WARNING, message + " (further warnings of this kind held back for a minute)");
        }
    }

    /** What the intake holds and has lost, for the summary route. */
    Map<String, Object> state() {
        return Map.of("open_requests", window.openRequests(), "held_statements", window.heldStatements(),
                                "analysed_requests", analysedRequests.get(),
                                "dropped_own_statements", droppedOwnStatements.get(),
                                "lost_request_analyses", lostOutcomes.get(), "write_queue_depth", queue.depth());
    }
}
