package dev.vigil.plugins.queries;

import java.util.List;

/**
 * An executed statement with its fingerprint: what is stored and analysed.
 *
 * @param sql        the statement as stored (cut to the configured length; the fingerprint saw all of it)
 * @param parameters identifies the values it ran with: equal for two runs of one shape with the same values;
 *                   null when they are unknown (bind placeholders whose values were not reported)
 * @param slow       whether it took at least {@code slow-query-ms} when it was stored
 */
record Statement(long timestamp, String service, String sql, Fingerprint fingerprint, Long parameters,
                 double durationMs, Long rows, String requestId, String traceId, String endpoint, String database,
                 String origin, boolean slow) implements PendingWrite {

    /** The request it ran for: its request id, else its trace id; null when neither is known. */
    String requestKey() {
        return requestId != null ? requestId : traceId;
    }

    static Statement analyse(Execution execution, int storedSqlLength, double slowQueryMs) {
        Fingerprint fingerprint = Fingerprinter.fingerprint(execution.sql(), SqlDialect.of(execution.database()));
        String sql = execution.sql();
        if (sql.length() > storedSqlLength) {
            sql = sql.substring(0, storedSqlLength);
        }
        return new Statement(execution.timestamp().toEpochMilli(), execution.service(), sql, fingerprint,
                             parameters(fingerprint, execution.parameters()), execution.durationMs(),
                             execution.rows(), blankToNull(execution.requestId()), blankToNull(execution.traceId()),
                             blankToNull(execution.endpoint()), execution.database(), execution.origin(),
                             execution.durationMs() >= slowQueryMs);
    }

    private static Long parameters(Fingerprint fingerprint, List<String> bound) {
        if (bound != null) {
            long hash = fingerprint.literals();
            for (String value : bound) {
                hash = Hashing.separate(Hashing.add(hash, value == null ? "\0null" : value));
            }
            return Hashing.finish(hash);
        }
        return fingerprint.placeholders() ? null : fingerprint.literals();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
