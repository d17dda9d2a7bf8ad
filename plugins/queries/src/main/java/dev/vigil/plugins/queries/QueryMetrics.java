package dev.vigil.plugins.queries;

import java.util.List;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Histogram;
import dev.vigil.api.metrics.Metrics;

/**
 * The plugin's metrics on {@code /metrics}: statement durations as a histogram, N+1 findings as requests are
 * analysed, and the ingest route's records by outcome.
 */
final class QueryMetrics {

    private final Histogram durations;
    private final Counter nPlusOne;
    private final Counter ingestRecords;

    QueryMetrics(Metrics metrics) {
        durations = metrics.histogram("vigil_db_query_duration_seconds", "Time statements took, as reported (ingested, "
                + "handed over by the OTLP intake, or run by Vigil itself), by service and database.",
                                      Metrics.DURATION_SECONDS_BUCKETS, "service", "database");
        nPlusOne = metrics.counter("vigil_queries_n_plus_one_findings_total", "N+1 findings: analysed requests that "
                + "ran one statement shape again and again with other values, one per shape and request.", "service");
        ingestRecords = metrics.counter("vigil_queries_ingest_records_total", "Records posted to "
                + "/api/v1/queries/ingest: accepted once committed, rejected with their batch (invalid, over the "
                + "token's rate, or the write queue full).", "outcome");
    }

    /** Statements once they are committed. */
    void stored(List<Statement> statements) {
        for (Statement statement : statements) {
            durations.observe(statement.durationMs() / 1000.0, statement.service(),
                              statement.database() == null ? "" : statement.database());
        }
    }

    /** What the analysis of one request found. */
    void analysed(String service, List<Finding> findings) {
        for (Finding finding : findings) {
            if (finding.kind() == Finding.Kind.N_PLUS_ONE) {
                nPlusOne.inc(service);
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
