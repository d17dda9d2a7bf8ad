package dev.vigil.plugins.requests;

import java.time.Instant;

import dev.vigil.api.events.RequestMinute;
import dev.vigil.api.http.Ranges;
import dev.vigil.api.stats.LatencyHistogram;

/**
 * The figures of a set of requests (one endpoint in one minute, or a whole window): counts, 4xx and 5xx apart,
 * exact sum, min and max, and a {@link LatencyHistogram} for percentiles. Mergeable; not thread-safe.
 */
final class RequestStats {

    private long count;
    private long clientErrors;
    private long serverErrors;
    private double sumMs;
    /** Only for figures added one request at a time (Vigil's own traffic): stored rows do not keep it. */
    private double sumSquaresMs;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs = Double.NEGATIVE_INFINITY;
    private final LatencyHistogram histogram;

    RequestStats() {
        this(new LatencyHistogram());
    }

    private RequestStats(LatencyHistogram histogram) {
        this.histogram = histogram;
    }

    /** Figures read back from a stored row. */
    static RequestStats of(long count, long clientErrors, long serverErrors, double sumMs, double minMs,
                           double maxMs, byte[] encodedHistogram) {
        RequestStats stats = new RequestStats(LatencyHistogram.decode(encodedHistogram));
        stats.count = count;
        stats.clientErrors = clientErrors;
        stats.serverErrors = serverErrors;
        stats.sumMs = sumMs;
        if (count > 0) {
            stats.minMs = minMs;
            stats.maxMs = maxMs;
        }
        return stats;
    }

    /** Adds the figures of a stored row (its histogram still encoded). */
    void addStored(long rowCount, long rowClientErrors, long rowServerErrors, double rowSumMs, double rowMinMs,
                   double rowMaxMs, byte[] encodedHistogram) {
        if (rowCount == 0) {
            return;
        }
        count += rowCount;
        clientErrors += rowClientErrors;
        serverErrors += rowServerErrors;
        sumMs = Ranges.addFinite(sumMs, rowSumMs);
        minMs = Math.min(minMs, rowMinMs);
        maxMs = Math.max(maxMs, rowMaxMs);
        histogram.mergeEncoded(encodedHistogram);
    }

    void add(int status, double durationMs) {
        count++;
        if (status >= 500) {
            serverErrors++;
        } else if (status >= 400) {
            clientErrors++;
        }
        // Held finite where added: own traffic is timed, not ranged, and a total read back as Infinity
        // would poison every average built from it.
        sumMs = Ranges.addFinite(sumMs, durationMs);
        sumSquaresMs = Ranges.addFinite(sumSquaresMs, durationMs * durationMs);
        minMs = Math.min(minMs, durationMs);
        maxMs = Math.max(maxMs, durationMs);
        histogram.add(durationMs);
    }

    void merge(RequestStats other) {
        count += other.count;
        clientErrors += other.clientErrors;
        serverErrors += other.serverErrors;
        sumMs = Ranges.addFinite(sumMs, other.sumMs);
        sumSquaresMs = Ranges.addFinite(sumSquaresMs, other.sumSquaresMs);
        minMs = Math.min(minMs, other.minMs);
        maxMs = Math.max(maxMs, other.maxMs);
        histogram.merge(other.histogram);
    }

    long count() {
        return count;
    }

    long clientErrors() {
        return clientErrors;
    }

    long serverErrors() {
        return serverErrors;
    }

    double sumMs() {
        return sumMs;
    }

    double sumSquaresMs() {
        return sumSquaresMs;
    }

    /** 0 when empty, so that stored rows never hold an infinity. */
    double minMs() {
        return count == 0 ? 0 : minMs;
    }

    double maxMs() {
        return count == 0 ? 0 : maxMs;
    }

    /** Null when empty. */
    Double avgMs() {
        return count == 0 ? null : sumMs / count;
    }

    /** Within 1% relative error, clamped to the exact min and max; null when empty. */
    Double percentileMs(double q) {
        if (count == 0) {
            return null;
        }
        return Math.max(minMs, Math.min(maxMs, histogram.quantile(q)));
    }

    long slowCount(double thresholdMs) {
        return histogram.countAtLeast(thresholdMs);
    }

    double serverErrorPercent() {
        return count == 0 ? 0 : 100.0 * serverErrors / count;
    }

    double clientErrorPercent() {
        return count == 0 ? 0 : 100.0 * clientErrors / count;
    }

    byte[] encodedHistogram() {
        return histogram.encode();
    }

    /**
     * These figures (of one endpoint in one minute) as the {@link RequestMinute} other plugins count from, with the
     * query figures of the requests that reported them.
     */
    RequestMinute toMinute(PeriodKey minute, long queriedRequests, double sumQueries, double sumQueryMs) {
        EndpointKey endpoint = minute.endpoint();
        return new RequestMinute(Instant.ofEpochMilli(minute.start()), endpoint.service(), endpoint.method(),
                                 endpoint.endpoint(), count, clientErrors, serverErrors, sumMs, sumSquaresMs, maxMs,
                                 queriedRequests, sumQueries, sumQueryMs);
    }
}
