package dev.vigil.plugins.dashboard;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Log-scale buckets for a measurement: bucket {@code i >= 1} holds values in {@code (MIN·γ^(i-1), MIN·γ^i]} and is
 * read back as its midpoint, so any percentile is within 1% of the true value (γ = 1.02). Bucket 0 holds values
 * at or below {@code MIN} (a CLS of 0, a cached response's 0 ms). Buckets are plain counts: they add up across
 * batches, hours and pages in SQL, which is how per-page percentiles over any range stay cheap.
 */
final class LogHistogram {

    static final double GAMMA = 1.02;
    static final double MIN = 0.001;
    private static final double LOG_GAMMA = Math.log(GAMMA);

    private final NavigableMap<Integer, Long> counts = new TreeMap<>();
    private long total;

    static int bucketOf(double value) {
        if (!(value > MIN)) {
            return 0;
        }
        return 1 + (int) Math.floor(Math.log(value / MIN) / LOG_GAMMA - 1e-9);
    }

    /** The value a bucket stands for: the midpoint of its bounds. */
    static double valueOf(int bucket) {
        if (bucket <= 0) {
            return 0;
        }
        double upper = MIN * Math.pow(GAMMA, bucket);
        double lower = upper / GAMMA;
        return (lower + upper) / 2;
    }

    void add(double value) {
        add(bucketOf(value), 1);
    }

    void add(int bucket, long count) {
        if (count > 0) {
            counts.merge(bucket, count, Long::sum);
            total += count;
        }
    }

    long total() {
        return total;
    }

    /**
     * The nearest-rank percentile: the value below which {@code p} of the measurements fall, as Web Vitals
     * judges a page by its 75th percentile. NaN when empty.
     */
    double percentile(double p) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return valueOf(bucket.getKey());
            }
        }
        return valueOf(counts.lastKey());
    }
}
