package dev.vigil.api.metrics;

/**
 * A histogram family whose observations were counted elsewhere, already in buckets: an application's histogram
 * received over OTLP brings counts per bucket and their sum, not the values themselves.
 */
public interface CountedHistogram {

    /**
     * Adds observations to the series with these label values: {@code bucketCounts} holds one count (>= 0) per upper
     * bound and a last one for {@code +Inf}, each counting only its own bucket; {@code sum} (finite) is their sum.
     */
    void add(long[] bucketCounts, double sum, String... labelValues);

    /** Drops the series with these label values. */
    void remove(String... labelValues);
}
