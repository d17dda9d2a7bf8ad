package dev.vigil.plugins.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A report, as JSON (snake_case) and, walked by {@link CsvReport}, as CSV. A section whose plugin is not running is
 * null here, left out of both, and named in {@link #missing()}. Durations are milliseconds, rates per second,
 * percentages 0-100; numbers are rounded by {@link Round}.
 *
 * @param type summary or detailed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Report(String type, Instant generatedAt, Window window, RequestSection requests, QuerySection queries,
              ErrorSection errors, SystemSection system, AlertSection alerts, DependencySection dependencies,
              List<Missing> missing) {

    static final String SUMMARY = "summary";
    static final String DETAILED = "detailed";

    /** The last {@code hours} up to {@code to}. */
    record Window(Instant from, Instant to, int hours) {
    }

    /** A section left out, and why. */
    record Missing(String section, String reason) {
    }

    /**
     * Request figures of the monitored services (Vigil's own requests, service {@code vigil}, left out).
     *
     * @param percentiles how the percentiles are made
     * @param endpoints   every endpoint (detailed only), most requests first, at most the detailed row cap
     */
    record RequestSection(long total, double throughputRps, Double avgMs, Double p50Ms, Double p95Ms, Double p99Ms,
                          Double maxMs, long clientErrors, long serverErrors, double clientErrorRatePercent,
                          double serverErrorRatePercent, int endpointCount, boolean ownTrafficIncluded,
                          String percentiles, List<EndpointRow> slowestEndpoints,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<EndpointRow> endpoints) {
    }

    /** One endpoint over the window. Percentiles are null when it had no requests. */
    record EndpointRow(String service, String method, String endpoint, long count, double throughputRps, Double avgMs,
                       Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs, long clientErrors, long serverErrors,
                       double clientErrorRatePercent, double serverErrorRatePercent) {
    }

    /**
     * Statement figures (Vigil's own left out) and the N+1 and repeated-statement findings seen in the window.
     *
     * @param fingerprints the top ten by total time (summary), or all up to the detailed row cap
     * @param findings     worst (most time lost) first: the top ten, or all up to the cap
     */
    record QuerySection(long statements, double totalTimeMs, long fingerprintCount, long nPlusOneFindings,
                        long repeatedIdenticalFindings, List<FingerprintRow> fingerprints,
                        List<FindingRow> findings) {
    }

    /** One statement shape over the window. */
    record FingerprintRow(String fingerprint, String text, long executions, double totalTimeMs, double avgMs,
                          double p95Ms, double maxMs) {
    }

    /** An N+1 or repeated-identical finding; {@code repeats} is the most seen in one request. */
    record FindingRow(String kind, String service, String endpoint, String fingerprint, long repeats, long requests,
                      double totalTimeMs, Instant lastSeen, String exampleSql) {
    }

    /**
     * Error events by level and the groups with the most events.
     *
     * @param groups the top ten, or all up to the detailed row cap
     */
    record ErrorSection(long events, Map<String, Long> eventsByLevel, long groupCount, List<ErrorGroupRow> groups) {
    }

    /** A group's events in the window; first and last seen are of its whole life. */
    record ErrorGroupRow(long id, String service, String level, String status, String exceptionType, String message,
                         long events, Instant firstSeen, Instant lastSeen) {
    }

    /** The host's resources over the window; null figures without samples. */
    record SystemSection(String host, long samples, Spread cpuPercent, Spread memoryPercent, List<DiskRow> disks) {
    }

    /** Min, average and max of a percentage. */
    record Spread(double min, double avg, double max) {
    }

    /** One mount point's used space in percent. */
    record DiskRow(String mount, double minPercent, double avgPercent, double maxPercent) {
    }

    /**
     * Alerts of the window.
     *
     * @param alerts the alerts overlapping the window, newest first (detailed only), at most the detailed row cap
     */
    record AlertSection(long fired, Map<String, Long> firedBySeverity, long activeNow,
                        Map<String, Long> activeBySeverity, long overlapping,
                        @JsonInclude(JsonInclude.Include.NON_NULL) List<AlertRow> alerts) {
    }

    /** One alert. */
    record AlertRow(long id, String rule, String signal, Map<String, String> labels, String severity, String status,
                    double value, double threshold, Instant startedAt, Instant acknowledgedAt, Instant resolvedAt,
                    String message) {
    }

    /**
     * The latest dependency scans (not limited to the window: scans are occasional).
     *
     * @param healthScore null when vulnerabilities were not checked, or before any scan
     */
    record DependencySection(boolean scanned, Integer healthScore, boolean vulnerabilitiesChecked,
                             Map<String, Integer> vulnerabilities, int components, int outdated, Instant lastScanAt,
                             String message) {
    }
}
