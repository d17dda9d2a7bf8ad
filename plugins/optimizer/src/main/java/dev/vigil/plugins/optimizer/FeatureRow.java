package dev.vigil.plugins.optimizer;

/**
 * The facts about one request the response-time model sees. Unknown numbers are NaN (Weka's missing value);
 * {@code durationMs} is the target, NaN when predicting.
 */
record FeatureRow(long time, EndpointKey key, double queryCount, double queryTimeMs, double cpuPercent,
                  double memoryPercent, double concurrentRequests, double durationMs) {

    static double orNaN(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }
}
