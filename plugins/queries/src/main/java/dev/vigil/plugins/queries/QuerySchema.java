package dev.vigil.plugins.queries;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The plugin's tables. Times are epoch milliseconds; an unknown endpoint is stored as '' so it can be a key. */
final class QuerySchema {

    private QuerySchema() {
    }

    static List<Migration> migrations() {
        return List.of(Migration.of(1, "fingerprints, minutes, statements, slow statements, requests, findings",
            // One row per shape, all time: what the list of fingerprints names and shows.
            "CREATE TABLE queries_fingerprints (id TEXT PRIMARY KEY, text TEXT NOT NULL, kind TEXT NOT NULL, "
                    + "example_sql TEXT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                    + "executions BIGINT NOT NULL, total_ms DOUBLE PRECISION NOT NULL, "
                    + "max_ms DOUBLE PRECISION NOT NULL)",
            // Per minute, service and shape, with a mergeable histogram: windowed figures and percentiles
            // without touching raw rows.
            "CREATE TABLE queries_fingerprint_minutes (minute BIGINT NOT NULL, service TEXT NOT NULL, "
                    + "fingerprint TEXT NOT NULL, executions BIGINT NOT NULL, total_ms DOUBLE PRECISION NOT NULL, "
                    + "max_ms DOUBLE PRECISION NOT NULL, row_total BIGINT NOT NULL, row_reports BIGINT NOT NULL, "
                    + "slow BIGINT NOT NULL, histogram ${BLOB} NOT NULL, PRIMARY KEY (minute, service, fingerprint))",
            // A fingerprint's own history (detail page) without scanning every shape's minutes.
            "CREATE INDEX queries_fingerprint_minutes_by_fingerprint ON queries_fingerprint_minutes "
                    + "(fingerprint, minute)",
            // Per minute and service, all shapes together: the summary's percentiles from 1,440 rows a day.
            "CREATE TABLE queries_service_minutes (minute BIGINT NOT NULL, service TEXT NOT NULL, "
                    + "executions BIGINT NOT NULL, total_ms DOUBLE PRECISION NOT NULL, "
                    + "max_ms DOUBLE PRECISION NOT NULL, slow BIGINT NOT NULL, histogram ${BLOB} NOT NULL, "
                    + "PRIMARY KEY (minute, service))",
            "CREATE TABLE queries_fingerprint_endpoints (fingerprint TEXT NOT NULL, service TEXT NOT NULL, "
                    + "endpoint TEXT NOT NULL, executions BIGINT NOT NULL, total_ms DOUBLE PRECISION NOT NULL, "
                    + "first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                    + "PRIMARY KEY (fingerprint, service, endpoint))",
            // Statements that ran for a request, kept for the request's detail page (short retention).
            "CREATE TABLE queries_statements (id ${ID}, ts BIGINT NOT NULL, service TEXT NOT NULL, "
                    + "request_key TEXT NOT NULL, request_id TEXT, trace_id TEXT, endpoint TEXT, "
                    + "fingerprint TEXT NOT NULL, parameters BIGINT, sql_text TEXT NOT NULL, "
                    + "duration_ms DOUBLE PRECISION NOT NULL, row_count BIGINT, database_name TEXT, origin TEXT)",
            "CREATE INDEX queries_statements_by_request ON queries_statements (request_key)",
            // A request looked up by its trace id when it also had a request id of its own.
            "CREATE INDEX queries_statements_by_trace ON queries_statements (trace_id) WHERE trace_id IS NOT NULL",
            // Retention deletes by time.
            "CREATE INDEX queries_statements_by_time ON queries_statements (ts)",
            // Statements over slow-query-ms: few, kept longer than the per-request statements.
            "CREATE TABLE queries_slow (id ${ID}, ts BIGINT NOT NULL, service TEXT NOT NULL, "
                    + "fingerprint TEXT NOT NULL, sql_text TEXT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, "
                    + "row_count BIGINT, request_id TEXT, trace_id TEXT, endpoint TEXT, database_name TEXT, "
                    + "origin TEXT)",
            "CREATE INDEX queries_slow_by_time ON queries_slow (ts)",
            // One row per analysed request (query_count: statements analysed here) or per request the
            // request-metrics plugin reported over the threshold (reported_queries: the count it was given).
            "CREATE TABLE queries_requests (service TEXT NOT NULL, request_key TEXT NOT NULL, request_id TEXT, "
                    + "trace_id TEXT, endpoint TEXT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                    + "query_count BIGINT NOT NULL, total_ms DOUBLE PRECISION NOT NULL, "
                    + "fingerprints BIGINT NOT NULL, findings BIGINT NOT NULL, reported_queries BIGINT, "
                    + "reported_time_ms DOUBLE PRECISION, PRIMARY KEY (service, request_key))",
            "CREATE INDEX queries_requests_by_time ON queries_requests (last_seen)",
            // One finding per kind, service, endpoint and fingerprint, updated as it recurs.
            "CREATE TABLE queries_findings (id ${ID}, kind TEXT NOT NULL, service TEXT NOT NULL, "
                    + "endpoint TEXT NOT NULL, fingerprint TEXT NOT NULL, example_sql TEXT NOT NULL, "
                    + "max_repeats BIGINT NOT NULL, last_repeats BIGINT NOT NULL, "
                    + "total_time_ms DOUBLE PRECISION NOT NULL, max_time_ms DOUBLE PRECISION NOT NULL, "
                    + "requests BIGINT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                    + "last_request TEXT, UNIQUE (kind, service, endpoint, fingerprint))"));
    }
}
