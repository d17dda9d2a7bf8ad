package dev.vigil.plugins.requests;

import java.time.Duration;

/**
 * {@code config/plugins/requests.yaml}. Queue capacities apply when the plugin starts; everything else applies
 * live.
 *
 * @param retention          how long per-minute and per-hour figures (and per-user figures) are kept
 * @param rawRetention       how long raw records (the slow list, samples for the optimizer) are kept
 * @param retentionInterval  time between two runs of the retention task
 * @param slowRequestMs      a request at least this long is slow
 * @param maxBatchRecords    records accepted in one ingest request
 * @param maxBodyBytes       largest ingest body accepted
 * @param ingestQueueCapacity records waiting to be written from ingest before a 503
 * @param trafficQueueCapacity Vigil's own requests waiting to be written before they are dropped (counted)
 * @param ingestTimeout      how long an ingest request waits for its batch to be committed
 * @param maxClockSkew       how far in the future a record's timestamp may be
 * @param recordOwnTraffic   whether Vigil's own HTTP requests are recorded (service "vigil")
 * @param ownTrafficFlushInterval how often the in-memory figures of Vigil's own requests are written
 * @param ownTrafficEventSample every n-th of Vigil's own requests (and every slow or failed one) is published as a
 *                           RequestEvent; all of them are counted in the RequestMinute figures
 * @param signalEndpoints    at most this many endpoints (the busiest) get per-endpoint signals each minute
 * @param metricsMaxServices services with their own series on /metrics (Vigil's own always has them); later ones
 *                           are folded into {@code service="(other)"}
 * @param metricsMaxEndpoints endpoints per service with their own series on /metrics; later ones are folded into
 *                           {@code endpoint="(other)"}
 * @param ownTrafficInOverall whether Vigil's own requests count in the overall figures (unlabelled signals, the
 *                           summary and endpoint list without a service)
 * @param health             thresholds of the summary's health word
 */
public record RequestsConfig(Duration retention, Duration rawRetention, Duration retentionInterval,
                             double slowRequestMs, int maxBatchRecords, long maxBodyBytes, int ingestQueueCapacity,
                             int trafficQueueCapacity, Duration ingestTimeout, Duration maxClockSkew,
                             boolean recordOwnTraffic, Duration ownTrafficFlushInterval, int ownTrafficEventSample,
                             int signalEndpoints, int metricsMaxServices, int metricsMaxEndpoints,
                             boolean ownTrafficInOverall,
                             Health health) {

    static final RequestsConfig DEFAULTS = new RequestsConfig(
            Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(1), 1000, 10_000, 16L * 1024 * 1024,
            200_000, 100_000, Duration.ofSeconds(30), Duration.ofMinutes(5), true, Duration.ofSeconds(5), 100, 200,
            100, 500, false, Health.DEFAULTS);

    public RequestsConfig {
        requirePositive(retention, "retention");
        requirePositive(rawRetention, "raw-retention");
        requirePositive(retentionInterval, "retention-interval");
        requirePositive(ingestTimeout, "ingest-timeout");
        requirePositive(ownTrafficFlushInterval, "own-traffic-flush-interval");
        if (ownTrafficFlushInterval.compareTo(Duration.ofMillis(100)) < 0
                || ownTrafficFlushInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("own-traffic-flush-interval must be between 100ms and 1m");
        }
        if (ownTrafficEventSample < 1 || ownTrafficEventSample > 1_000_000) {
            throw new IllegalArgumentException("own-traffic-event-sample must be between 1 (every request) and "
                                                       + "1000000, got " + ownTrafficEventSample);
        }
        if (maxClockSkew == null || maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("max-clock-skew must be a duration >= 0, such as 5m");
        }
        if (rawRetention.compareTo(retention) > 0) {
            throw new IllegalArgumentException("raw-retention (" + rawRetention + ") must not exceed retention ("
                                                       + retention + "): figures are built from the same records");
        }
        if (retentionInterval.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("retention-interval must be at least 10s");
        }
        if (!(slowRequestMs > 0)) {
            throw new IllegalArgumentException("slow-request-ms must be a number > 0");
        }
        if (maxBatchRecords < 1 || maxBatchRecords > 100_000) {
            throw new IllegalArgumentException("max-batch-records must be between 1 and 100000");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 512L * 1024 * 1024) {
            throw new IllegalArgumentException("max-body-bytes must be between 1024 and 536870912");
        }
        if (ingestQueueCapacity < maxBatchRecords) {
            throw new IllegalArgumentException("ingest-queue-capacity (" + ingestQueueCapacity + ") must be at least "
                                                       + "max-batch-records (" + maxBatchRecords
                                                       + "), or a full batch could never be accepted");
        }
        if (trafficQueueCapacity < 1) {
            throw new IllegalArgumentException("traffic-queue-capacity must be at least 1");
        }
        if (signalEndpoints < 0 || signalEndpoints > 5_000) {
            throw new IllegalArgumentException("signal-endpoints must be between 0 and 5000");
        }
        if (metricsMaxServices < 1 || metricsMaxServices > 10_000) {
            throw new IllegalArgumentException("metrics-max-services must be between 1 and 10000");
        }
        if (metricsMaxEndpoints < 1 || metricsMaxEndpoints > 100_000) {
            throw new IllegalArgumentException("metrics-max-endpoints must be between 1 and 100000");
        }
        if (health == null) {
            throw new IllegalArgumentException("health must hold the health thresholds");
        }
    }

    private static void requirePositive(Duration value, String key) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration, such as 30d, 1h or 10s");
        }
    }

    /**
     * When the summary says {@code degraded} or {@code critical}: the 5xx rate or the p95 at or over a threshold.
     */
    public record Health(double degradedErrorRatePercent, double criticalErrorRatePercent, double degradedP95Ms,
                         double criticalP95Ms) {

        static final Health DEFAULTS = new Health(1, 5, 1000, 3000);

        public Health {
            if (!(degradedErrorRatePercent > 0 && degradedErrorRatePercent <= 100)) {
                throw new IllegalArgumentException("health.degraded-error-rate-percent must be in (0, 100]");
            }
            if (!(criticalErrorRatePercent >= degradedErrorRatePercent && criticalErrorRatePercent <= 100)) {
                throw new IllegalArgumentException("health.critical-error-rate-percent must be between "
                                                           + "health.degraded-error-rate-percent and 100");
            }
            if (!(degradedP95Ms > 0)) {
                throw new IllegalArgumentException("health.degraded-p95-ms must be a number > 0");
            }
            if (!(criticalP95Ms >= degradedP95Ms)) {
                throw new IllegalArgumentException("health.critical-p95-ms must be at least health.degraded-p95-ms");
            }
        }
    }
}
