package dev.vigil.kernel.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.metrics.CountedHistogram;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;

/**
 * A classic histogram whose buckets are added as counts: the Prometheus client's own histogram only takes single
 * observations, and an OTLP histogram point brings thousands at once. Cumulative per series; read at each scrape.
 */
final class CountedHistogramFamily implements Collector, CountedHistogram {

    private final String name;
    private final String help;
    private final double[] upperBounds;
    private final String[] labelNames;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

    CountedHistogramFamily(String name, String help, double[] upperBounds, String... labelNames) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (!Double.isFinite(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1])) {
                throw new IllegalArgumentException("histogram " + name + ": bucket bounds must be finite and "
                                                           + "ascending, got " + Arrays.toString(upperBounds));
            }
        }
        this.name = name;
        this.help = help;
        this.upperBounds = Arrays.copyOf(upperBounds, upperBounds.length + 1);
        this.upperBounds[upperBounds.length] = Double.POSITIVE_INFINITY;
        this.labelNames = labelNames.clone();
    }

    @Override
    public void add(long[] bucketCounts, double sum, String... labelValues) {
        if (bucketCounts.length != upperBounds.length) {
            throw new IllegalArgumentException("histogram " + name + " takes " + upperBounds.length
                    + " bucket counts (its bounds and +Inf), not " + bucketCounts.length);
        }
        if (!Double.isFinite(sum) || Arrays.stream(bucketCounts).anyMatch(count -> count < 0)) {
            throw new IllegalArgumentException("histogram " + name + " takes counts >= 0 and a finite sum");
        }
        if (labelValues.length != labelNames.length) {
            throw new IllegalArgumentException("histogram " + name + " takes " + labelNames.length
                    + " label values, not " + labelValues.length);
        }
        series.computeIfAbsent(List.of(labelValues), values -> new Series(upperBounds.length))
                .add(bucketCounts, sum);
    }

    @Override
    public void remove(String... labelValues) {
        series.remove(List.of(labelValues));
    }

    @Override
    public String getPrometheusName() {
        return name;
    }

    @Override
    public HistogramSnapshot collect() {
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = series.entrySet().stream().map(entry -> {
            Series.Copy copy = entry.getValue().copy();
            return new HistogramSnapshot.HistogramDataPointSnapshot(
                    ClassicHistogramBuckets.of(upperBounds, copy.counts()), copy.sum(),
                    Labels.of(labelNames, entry.getKey().toArray(String[]::new)), Exemplars.EMPTY, 0L);
        }).toList();
        return new HistogramSnapshot(new MetricMetadata(name, help), points);
    }

    /** One series' counts per bucket (not cumulative, as the client's buckets take them) and sum. */
    private static final class Series {
        record Copy(long[] counts, double sum) {
        }

        private final long[] counts;
        private double sum;

        Series(int buckets) {
            counts = new long[buckets];
        }

        synchronized void add(long[] bucketCounts, double added) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += bucketCounts[i];
            }
            sum += added;
        }

        synchronized Copy copy() {
            return new Copy(counts.clone(), sum);
        }
    }
}
