package dev.vigil.plugins.errors;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.storage.WriteQueue;

/**
 * The one way an error event is recorded, whether ingested or thrown inside Vigil: prepared (scrubbed, parsed,
 * fingerprinted), stored through the write queue and waited for, then counted in the signals and metrics and logged when it
 * opened a new group or re-opened a resolved one.
 */
final class ErrorPipeline {

    private final Supplier<ErrorsConfig> config;
    private final ErrorPreparer preparer;
    private final WriteQueue<PreparedError> queue;
    private final ErrorSignals signals;
    private final ErrorMetrics metrics;
    private final System.Logger log;
    private final Clock clock;

    ErrorPipeline(Supplier<ErrorsConfig> config, ErrorPreparer preparer, WriteQueue<PreparedError> queue,
                  ErrorSignals signals, ErrorMetrics metrics, System.Logger log, Clock clock) {
        this.config = config;
        this.preparer = preparer;
        this.queue = queue;
        this.signals = signals;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Records the events and returns them as stored, with their outcomes, once they are committed.
     *
     * @throws dev.vigil.api.http.ApiException 503 when the queue is full or the write failed: nothing was kept
     */
    List<PreparedError> record(List<ErrorEvent> events) {
        return record(events, config.get().ingestTimeout());
    }

    /** As {@link #record(List)}, waiting at most {@code timeout} for the commit. */
    List<PreparedError> record(List<ErrorEvent> events, java.time.Duration timeout) {
        ErrorsConfig current = config.get();
        Instant receivedAt = clock.instant();
        List<PreparedError> prepared = new ArrayList<>(events.size());
        for (ErrorEvent event : events) {
            prepared.add(preparer.prepare(event, current, receivedAt));
        }
        queue.submitAndWait(prepared, timeout);
        signals.stored(prepared);
        metrics.stored(prepared);
        for (PreparedError error : prepared) {
            if (error.outcome().newGroup) {
                log.log(Level.INFO, "new error group {0} in {1}: {2}{3}", error.outcome().groupId, error.service(),
                        error.exceptionType(), error.fingerprint().culprit() == null ? ""
                                : " at " + error.fingerprint().culprit());
            }
            if (error.outcome().regressed) {
                log.log(Level.WARNING, "resolved error group {0} in {1} regressed: {2}{3}", error.outcome().groupId,
                        error.service(), error.exceptionType(),
                        error.release() == null ? "" : " (release " + error.release() + ")");
            }
        }
        return prepared;
    }
}
