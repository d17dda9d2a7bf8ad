package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.Map;

/** What is normal for one series: statistics of a window judged healthy by whoever established it. */
record Baseline(String signal, Map<String, String> labels, double mean, double stddev, double p95, double min,
                double max, int points, Instant windowStart, Instant windowEnd, Instant establishedAt,
                String establishedBy) {
}
