package dev.vigil.plugins.errors;

import java.util.List;
import java.util.Locale;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Metrics;

/**
 * The plugin's metrics on {@code /metrics}: occurrences stored, by service and level (counted as signals count
 * them, so ignored groups stay out), and the ingest route's records, accepted or rejected.
 */
final class ErrorMetrics {

    private final Counter errors;
    private final Counter ingestRecords;

    ErrorMetrics(Metrics metrics) {
        errors = metrics.counter("vigil_errors_total", "Error occurrences stored (ingested, handed over by the "
                + "OTLP intake, or thrown inside Vigil), by service and level; occurrences of ignored groups are "
                + "left out.", "service", "level");
        ingestRecords = metrics.counter("vigil_errors_ingest_records_total", "Records posted to "
                + "/api/v1/errors/ingest: accepted once committed, rejected with their batch (invalid, over the "
                + "token's rate, or the write queue full).", "outcome");
    }

    /** Counts occurrences once they are committed. */
    void stored(List<PreparedError> stored) {
        for (PreparedError error : stored) {
            if (!error.outcome().quiet) {
                errors.inc(error.service(), error.level().name().toLowerCase(Locale.ROOT));
            }
        }
    }

    void accepted(int records) {
        ingestRecords.inc(records, "accepted");
    }

    /** The records of a refused batch. */
    void rejected(int records) {
        ingestRecords.inc(records, "rejected");
    }
}
