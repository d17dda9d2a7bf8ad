package dev.vigil.plugins.queries;

import java.time.Instant;
import java.util.List;

/** What the routes answer, as records (written as snake_case JSON). */
final class Views {

    private Views() {
    }

    /** A fingerprint's figures over a time window; first and last seen are all-time. */
    record FingerprintSummary(String id, String text, String kind, long executions, double totalTimeMs, double avgMs,
                              double p95Ms, double maxMs, Double avgRows, long slow, String exampleSql,
                              Instant firstSeen, Instant lastSeen) {
    }

    /** One fingerprint in depth. */
    record FingerprintDetail(String id, String text, String kind, String exampleSql, Instant firstSeen,
                             Instant lastSeen, AllTime allTime, Window window, List<EndpointUse> endpoints,
                             List<SeriesPoint> series, List<FindingView> findings, List<SlowStatement> slowest) {
    }

    /** Since the fingerprint was first seen (within the aggregate retention). */
    record AllTime(long executions, double totalTimeMs, double avgMs, double maxMs) {
    }

    /** Over the requested hours. */
    record Window(int hours, long executions, double totalTimeMs, double avgMs, double p50Ms, double p95Ms,
                  double p99Ms, double maxMs, Double avgRows, long slow) {
    }

    /** Where a fingerprint runs from. */
    record EndpointUse(String service, String endpoint, long executions, double totalTimeMs, Instant lastSeen) {
    }

    /** One bucket of a time series. */
    record SeriesPoint(Instant time, long executions, double avgMs, double maxMs) {
    }

    /** A statement over the slow threshold. */
    record SlowStatement(Instant time, String service, String fingerprint, String fingerprintText, String sql,
                         double durationMs, Long rows, String requestId, String traceId, String endpoint,
                         String database, String origin) {
    }

    /** A stored finding. {@code repeats} is the largest count seen in one request. */
    record FindingView(long id, String kind, String service, String endpoint, String fingerprint,
                       String fingerprintText, String exampleSql, long repeats, long lastRepeats, double totalTimeMs,
                       double maxTimeMs, double avgTimePerRequestMs, long requests, Instant firstSeen,
                       Instant lastSeen, String lastRequest, String lastTraceId, String trace) {

        /** With the API path of the last request's trace, when a plugin keeps it (else {@code trace} stays null). */
        FindingView withTrace(String link) {
            return new FindingView(id, kind, service, endpoint, fingerprint, fingerprintText, exampleSql, repeats,
                                   lastRepeats, totalTimeMs, maxTimeMs, avgTimePerRequestMs, requests, firstSeen,
                                   lastSeen, lastRequest, lastTraceId, link);
        }
    }

    /**
     * A request analysed here, or reported over the threshold by the request-metrics plugin.
     *
     * @param queryCount         statements analysed here
     * @param reportedQueryCount the count the request-metrics plugin was given, when it was over the threshold
     */
    record RequestRow(String service, String requestKey, String requestId, String traceId, String endpoint,
                      long queryCount, double totalTimeMs, Long reportedQueryCount, Double reportedQueryTimeMs,
                      long fingerprints, long findings, boolean flagged, Instant firstSeen, Instant lastSeen) {
    }

    /** One statement of a request. */
    record RequestStatement(Instant time, String service, String fingerprint, String sql, double durationMs,
                            Long rows, String endpoint, String origin) {
    }

    /** The statements of a request grouped by fingerprint. */
    record RequestShape(String service, String fingerprint, String text, int executions, double totalTimeMs,
                        int distinctValues) {
    }

    /** What the statements of a request show, computed from them when asked. */
    record RequestFinding(String kind, String service, String endpoint, String fingerprint, String exampleSql,
                          int repeats, double timeMs) {
    }

    /** A request in depth. */
    record RequestDetail(String request, List<String> services, String endpoint, long queryCount, double totalTimeMs,
                         Long reportedQueryCount, boolean flagged, int queryCountThreshold, Instant firstSeen,
                         Instant lastSeen,
                         List<RequestShape> fingerprints, List<RequestFinding> findings,
                         List<RequestStatement> statements, boolean statementsTruncated) {
    }
}
