package dev.vigil.plugins.queries;

/**
 * What the plugin's one write queue stores: executed statements, the outcome of each analysed request, and
 * requests reported over the query-count threshold.
 */
sealed interface PendingWrite permits Statement, RequestOutcome, ReportedRequest {
}
