package dev.vigil.plugins.requests;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The plugin's tables. Times are epoch milliseconds; durations are milliseconds. */
final class Schema {

    static final String RAW = "requests_raw";
    static final String MINUTES = "requests_minutes";
    static final String HOURS = "requests_hours";
    static final String USERS = "requests_users";
    /** Records at least this long are in the slow index; the predicate must appear literally in queries using it. */
    static final int SLOW_INDEX_FLOOR_MS = 100;

    private Schema() {
    }

    /**
     * Figures per period (minute or hour) and endpoint are kept one row per writer: each write queue only ever
     * rewrites its own rows, so several queues, restarts and cluster nodes never overwrite each other's histogram.
     * Readers merge the rows of a period. The primary key leads with the period: every read is a period range.
     */
    private static String periodTable(String name) {
        return "CREATE TABLE " + name + " (period_start BIGINT NOT NULL, service TEXT NOT NULL, method TEXT NOT NULL, "
                + "endpoint TEXT NOT NULL, writer BIGINT NOT NULL, request_count BIGINT NOT NULL, "
                + "client_errors BIGINT NOT NULL, server_errors BIGINT NOT NULL, sum_ms DOUBLE PRECISION NOT NULL, "
                + "min_ms DOUBLE PRECISION NOT NULL, max_ms DOUBLE PRECISION NOT NULL, histogram ${BLOB} NOT NULL, "
                + "PRIMARY KEY (period_start, service, method, endpoint, writer))";
    }

    static List<Migration> migrations() {
        return List.of(Migration.of(
                1, "raw records, per-minute and per-hour endpoint figures, per-hour user figures",
                "CREATE TABLE " + RAW + " (id ${ID}, ts BIGINT NOT NULL, service TEXT NOT NULL, method TEXT NOT NULL, "
                        + "endpoint TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, "
                        + "duration_ms DOUBLE PRECISION NOT NULL, user_name TEXT, request_id TEXT, trace_id TEXT, "
                        + "query_count INTEGER, query_time_ms DOUBLE PRECISION, bytes BIGINT, client TEXT)",
                // Retention, samples for other plugins, and the time filter of the slow list.
                "CREATE INDEX requests_raw_ts ON " + RAW + " (ts)",
                // The slow list walks this from the top instead of sorting a whole window of records. Partial: only
                // records of SLOW_INDEX_FLOOR_MS or more pay for it on ingest (an index over every duration halved
                // ingest throughput).
                "CREATE INDEX requests_raw_slow ON " + RAW + " (duration_ms) WHERE duration_ms >= "
                        + SLOW_INDEX_FLOOR_MS,
                periodTable(MINUTES),
                // Hour rows let a 24-hour summary read about 24 rows per endpoint instead of 1440.
                periodTable(HOURS),
                // Counters only, updated in place by arithmetic (no histogram): safe for concurrent writers.
                "CREATE TABLE " + USERS + " (period_start BIGINT NOT NULL, service TEXT NOT NULL, "
                        + "user_name TEXT NOT NULL, request_count BIGINT NOT NULL, client_errors BIGINT NOT NULL, "
                        + "server_errors BIGINT NOT NULL, sum_ms DOUBLE PRECISION NOT NULL, "
                        + "max_ms DOUBLE PRECISION NOT NULL, PRIMARY KEY (period_start, service, user_name))"));
    }
}
