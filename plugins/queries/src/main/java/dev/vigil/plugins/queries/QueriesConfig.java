package dev.vigil.plugins.queries;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.api.http.TimestampWindow;

/** {@code config/plugins/queries.yaml}; every key is described in the shipped file. */
public record QueriesConfig(double slowQueryMs, int queryCountThreshold, int nPlusOneMinRepeats,
                            Duration requestWindow, Duration requestMaxAge, int maxOpenRequests,
                            int maxOpenStatements, boolean analyseOwnStatements, int maxBatchRecords,
                            long maxBodyBytes, int maxSqlLength, int storedSqlLength, int writeQueueCapacity,
                            Duration statementRetention, Duration slowRetention, Duration aggregateRetention,
                            Duration findingRetention, Duration retentionInterval) {

    static final QueriesConfig DEFAULTS = new QueriesConfig(500, 50, 5, Duration.ofSeconds(5), Duration.ofSeconds(60),
                                                            10_000, 200_000, true, 5_000, 16L * 1024 * 1024, 100_000,
                                                            4_000, 200_000, Duration.ofDays(3), Duration.ofDays(7),
                                                            Duration.ofDays(30), Duration.ofDays(30),
                                                            Duration.ofHours(1));

    public QueriesConfig {
        if (!(slowQueryMs > 0)) {
            throw new IllegalArgumentException("slow-query-ms must be a number of milliseconds > 0");
        }
        atLeast("query-count-threshold", queryCountThreshold, 1);
        atLeast("n-plus-one-min-repeats", nPlusOneMinRepeats, 2);
        between("request-window", requestWindow, Duration.ofMillis(50), Duration.ofMinutes(10));
        between("request-max-age", requestMaxAge, Duration.ofMillis(50), Duration.ofHours(1));
        if (requestMaxAge.compareTo(requestWindow) < 0) {
            throw new IllegalArgumentException("request-max-age (" + requestMaxAge + ") must not be shorter than "
                                                       + "request-window (" + requestWindow + ")");
        }
        atLeast("max-open-requests", maxOpenRequests, 1);
        atLeast("max-open-statements", maxOpenStatements, 1);
        if (maxBatchRecords < 1 || maxBatchRecords > 100_000) {
            throw new IllegalArgumentException("max-batch-records must be between 1 and 100000");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("max-body-bytes must be at least 1024");
        }
        atLeast("max-sql-length", maxSqlLength, 16);
        atLeast("stored-sql-length", storedSqlLength, 16);
        if (writeQueueCapacity < maxBatchRecords) {
            throw new IllegalArgumentException("write-queue-capacity must be at least max-batch-records ("
                                                       + maxBatchRecords + ")");
        }
        between("statement-retention", statementRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        between("slow-retention", slowRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        between("aggregate-retention", aggregateRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        between("finding-retention", findingRetention, Duration.ofMinutes(1), Duration.ofDays(3650));
        between("retention-interval", retentionInterval, Duration.ofSeconds(1), Duration.ofDays(1));
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
    }

    /**
     * The times ingest and hand-over accept: the minute figures are what is kept longest, so a statement older than
     * {@code aggregate-retention} would count nowhere.
     */
    TimestampWindow timestampWindow(Instant now) {
        return new TimestampWindow(now, aggregateRetention, TimestampWindow.DEFAULT_CLOCK_SKEW);
    }

    private static void between(String key, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + min.toString().substring(2).toLowerCase()
                                                       + " and " + max.toString().substring(2).toLowerCase()
                                                       + ", got " + value.toString().substring(2).toLowerCase());
        }
    }
}
