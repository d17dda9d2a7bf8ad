package dev.vigil.plugins.otlp;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.vigil.api.Signal;
import dev.vigil.api.Signals;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;

/**
 * OTLP metrics → signals named {@code otel.<metric name>}, labelled with {@code service} and the data point's
 * admitted attributes, so that alert rules, baselines, trends and the optimizer see application metrics:
 * <ul>
 *   <li>gauges and non-monotonic sums → {@code otel.<name>};</li>
 *   <li>monotonic sums (counters) → {@code otel.<name>.rate} (per second over the export interval) and
 *       {@code otel.<name>.total};</li>
 *   <li>histograms, exponential histograms and summaries → {@code .count} and {@code .sum} of the interval, and
 *       {@code .p50}, {@code .p95}, {@code .p99}.</li>
 * </ul>
 * Cumulative points are turned into per-interval figures against the series' previous point. Series beyond
 * {@code signals.max-series} are refused, so one high-cardinality attribute cannot fill the kernel's series cap.
 */
final class MetricSignals {

    /** What an export gave: points taken and refused, with reasons. */
    record Result(int points, int rejected, Map<String, Integer> reasons) {
    }

    private static final double[] QUANTILES = {0.5, 0.95, 0.99};
    private static final String[] QUANTILE_NAMES = {"p50", "p95", "p99"};
    /** {@code DataPointFlags.FLAG_NO_RECORDED_VALUE}: a point that only says the series has no value now. */
    private static final int NO_RECORDED_VALUE = 1;

    /** The previous cumulative point of a series. */
    private record Previous(long startNanos, long timeNanos, double value, long count, double sum,
                            Map<Integer, Long> buckets, int scale) {
    }

    private final Signals signals;
    private final Supplier<OtlpConfig> config;
    private final Clock clock;
    private final Map<String, Previous> previous = new ConcurrentHashMap<>();
    private final Map<String, Double> deltaTotals = new ConcurrentHashMap<>();
    private final Set<String> series = ConcurrentHashMap.newKeySet();
    private volatile SignalLabels labels;
    private volatile OtlpConfig.Signals labelSettings;

    MetricSignals(Signals signals, Supplier<OtlpConfig> config, Clock clock) {
        this.signals = signals;
        this.config = config;
        this.clock = clock;
    }

    Result publish(ExportMetricsServiceRequest export, AttributeReader attributes) {
        Batch batch = new Batch(labels(), attributes);
        for (ResourceMetrics resource : export.getResourceMetricsList()) {
            ServiceResource service = ServiceResource.of(attributes.read(resource.getResource().getAttributesList()));
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    String name = signalName(metric.getName());
                    if (name == null) {
                        batch.refuse(pointCount(metric), "metric name has no letters or digits");
                        continue;
                    }
                    batch.metric(service.name(), name, metric);
                }
            }
        }
        return new Result(batch.points, batch.rejected, batch.reasons);
    }

    /** Series created so far, and the cap. */
    Map<String, Object> state() {
        return Map.of("series", series.size(), "max_series", config.get().signals().maxSeries());
    }

    private SignalLabels labels() {
        OtlpConfig.Signals current = config.get().signals();
        if (current != labelSettings) {
            labels = new SignalLabels(current);
            labelSettings = current;
        }
        return labels;
    }

    /** {@code http.server.request.duration} → {@code otel.http.server.request.duration}; null when nothing is left. */
    static String signalName(String metricName) {
        StringBuilder name = new StringBuilder("otel");
        for (String segment : metricName.split("\\.")) {
            String text = SignalLabels.underscored(segment);
            if (!text.isEmpty() && !text.equals("_")) {
                name.append('.').append(text);
            }
        }
        return name.length() == 4 ? null : name.toString();
    }

    static int pointCount(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    /** One export's work: counts and the labels of the moment. */
    private final class Batch {
        final SignalLabels labels;
        final AttributeReader attributes;
        final Map<String, Integer> reasons = new LinkedHashMap<>();
        int points;
        int rejected;

        Batch(SignalLabels labels, AttributeReader attributes) {
            this.labels = labels;
            this.attributes = attributes;
        }

        void refuse(int count, String reason) {
            if (count > 0) {
                rejected += count;
                reasons.merge(reason, count, Integer::sum);
            }
        }

        void metric(String service, String name, Metric metric) {
            switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().forEach(point -> {
                    Map<String, String> labelSet = labelsOf(service, point.getAttributesList());
                    gauge(name, labelSet, point);
                });
                case SUM -> metric.getSum().getDataPointsList().forEach(point -> sum(
                        name, labelsOf(service, point.getAttributesList()), point, metric.getSum().getIsMonotonic(),
                        metric.getSum().getAggregationTemporality() == AggregationTemporality
                                .AGGREGATION_TEMPORALITY_CUMULATIVE));
                case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(point -> histogram(
                        name, labelsOf(service, point.getAttributesList()), point,
                        metric.getHistogram().getAggregationTemporality() == AggregationTemporality
                                .AGGREGATION_TEMPORALITY_CUMULATIVE));
                case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().forEach(
                        point -> exponential(name, labelsOf(service, point.getAttributesList()), point,
                                             metric.getExponentialHistogram().getAggregationTemporality()
                                                     == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
                case SUMMARY -> metric.getSummary().getDataPointsList().forEach(point -> summary(
                        name, labelsOf(service, point.getAttributesList()), point));
                case DATA_NOT_SET -> {
                    // a metric without data: nothing to take or refuse
                }
            }
        }

        private Map<String, String> labelsOf(String service,
                                             List<io.opentelemetry.proto.common.v1.KeyValue> pointAttributes) {
            return labels.labels(service, attributes.read(pointAttributes));
        }

        /** The point's value; null when it says it has none now (skipped) or has none at all (refused, counted). */
        private Double recordedValue(NumberDataPoint point) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return null;
            }
            Double value = value(point);
            if (value == null) {
                refuse(1, "a number point without a value");
            }
            return value;
        }

        private void gauge(String name, Map<String, String> labelSet, NumberDataPoint point) {
            Double value = recordedValue(point);
            if (value != null && emit(name, labelSet, value, point.getTimeUnixNano())) {
                points++;
            }
        }

        private void sum(String name, Map<String, String> labelSet, NumberDataPoint point, boolean monotonic,
                         boolean cumulative) {
            Double value = recordedValue(point);
            if (value == null) {
                return;
            }
            String key = name + labelSet;
            long time = point.getTimeUnixNano();
            double total;
            Double rate = null;
            if (cumulative) {
                total = value;
                Previous before = remember(key, new Previous(point.getStartTimeUnixNano(), time, value, 0, 0,
                                                              null, 0));
                if (before != null && before.startNanos() == point.getStartTimeUnixNano() && time > before.timeNanos()
                        && value >= before.value()) {
                    rate = (value - before.value()) / ((time - before.timeNanos()) / 1e9);
                } else if (point.getStartTimeUnixNano() > 0 && time > point.getStartTimeUnixNano() && before == null) {
                    rate = value / ((time - point.getStartTimeUnixNano()) / 1e9);
                }
            } else {
                total = deltaTotals.containsKey(key) || deltaTotals.size() < stateLimit()
                        ? deltaTotals.merge(key, value, Double::sum) : value;
                if (point.getStartTimeUnixNano() > 0 && time > point.getStartTimeUnixNano()) {
                    rate = value / ((time - point.getStartTimeUnixNano()) / 1e9);
                }
            }
            boolean taken;
            if (monotonic) {
                taken = emit(name + ".total", labelSet, total, time);
                if (rate != null) {
                    taken &= emit(name + ".rate", labelSet, rate, time);
                }
            } else {
                taken = emit(name, labelSet, total, time);
            }
            if (taken) {
                points++;
            }
        }

        private void histogram(String name, Map<String, String> labelSet, HistogramDataPoint point,
                               boolean cumulative) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return;
            }
            int bounds = point.getExplicitBoundsCount();
            if (point.getBucketCountsCount() != 0 && point.getBucketCountsCount() != bounds + 1) {
                refuse(1, "a histogram point whose bucket counts do not match its bounds");
                return;
            }
            Map<Integer, Long> buckets = new HashMap<>();
            for (int i = 0; i < point.getBucketCountsCount(); i++) {
                buckets.put(i, point.getBucketCounts(i));
            }
            Interval interval = interval(name + labelSet, cumulative, point.getStartTimeUnixNano(),
                                         point.getTimeUnixNano(), point.getCount(), point.getSum(), buckets, 0);
            if (interval == null) {
                refuse(1, "a histogram point of another scale than the series' previous one");
                return;
            }
            double[] limits = new double[bounds];
            for (int i = 0; i < bounds; i++) {
                limits[i] = point.getExplicitBounds(i);
            }
            long[] counts = new long[point.getBucketCountsCount()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = interval.buckets().getOrDefault(i, 0L);
            }
            double min = point.hasMin() ? point.getMin() : Double.NaN;
            double max = point.hasMax() ? point.getMax() : Double.NaN;
            double[] quantiles = new double[QUANTILES.length];
            for (int q = 0; q < QUANTILES.length; q++) {
                quantiles[q] = counts.length == 0 ? Double.NaN : Quantiles.explicit(limits, counts, QUANTILES[q],
                                                                                     min, max);
            }
            distribution(name, labelSet, point.getTimeUnixNano(), interval, point.hasSum(), quantiles);
        }

        private void exponential(String name, Map<String, String> labelSet, ExponentialHistogramDataPoint point,
                                 boolean cumulative) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return;
            }
            Map<Integer, Long> buckets = new HashMap<>();
            ExponentialHistogramDataPoint.Buckets positive = point.getPositive();
            for (int k = 0; k < positive.getBucketCountsCount(); k++) {
                buckets.merge(positive.getOffset() + k, positive.getBucketCounts(k), Long::sum);
            }
            // Negative buckets are kept apart by moving them far below any positive index.
            ExponentialHistogramDataPoint.Buckets negative = point.getNegative();
            for (int k = 0; k < negative.getBucketCountsCount(); k++) {
                buckets.merge(NEGATIVE + negative.getOffset() + k, negative.getBucketCounts(k), Long::sum);
            }
            buckets.put(ZERO, point.getZeroCount());
            Interval interval = interval(name + labelSet, cumulative, point.getStartTimeUnixNano(),
                                         point.getTimeUnixNano(), point.getCount(), point.getSum(), buckets,
                                         point.getScale());
            if (interval == null) {
                refuse(1, "an exponential histogram point that could not be compared with the previous one");
                return;
            }
            int lowest = Integer.MAX_VALUE;
            int highest = Integer.MIN_VALUE;
            int lowestNegative = Integer.MAX_VALUE;
            int highestNegative = Integer.MIN_VALUE;
            for (int index : interval.buckets().keySet()) {
                if (index == ZERO) {
                    continue;
                }
                if (index < NEGATIVE / 2) {
                    lowestNegative = Math.min(lowestNegative, index - NEGATIVE);
                    highestNegative = Math.max(highestNegative, index - NEGATIVE);
                } else {
                    lowest = Math.min(lowest, index);
                    highest = Math.max(highest, index);
                }
            }
            long[] positiveCounts = lowest > highest ? new long[0] : new long[highest - lowest + 1];
            for (int i = 0; i < positiveCounts.length; i++) {
                positiveCounts[i] = interval.buckets().getOrDefault(lowest + i, 0L);
            }
            long[] negativeCounts = lowestNegative > highestNegative ? new long[0]
                    : new long[highestNegative - lowestNegative + 1];
            for (int i = 0; i < negativeCounts.length; i++) {
                negativeCounts[i] = interval.buckets().getOrDefault(NEGATIVE + lowestNegative + i, 0L);
            }
            double min = point.hasMin() ? point.getMin() : Double.NaN;
            double max = point.hasMax() ? point.getMax() : Double.NaN;
            double[] quantiles = new double[QUANTILES.length];
            for (int q = 0; q < QUANTILES.length; q++) {
                quantiles[q] = Quantiles.exponential(interval.scale(), interval.buckets().getOrDefault(ZERO, 0L),
                                                     lowest > highest ? 0 : lowest, positiveCounts,
                                                     lowestNegative > highestNegative ? 0 : lowestNegative,
                                                     negativeCounts, QUANTILES[q], min, max);
            }
            distribution(name, labelSet, point.getTimeUnixNano(), interval, point.hasSum(), quantiles);
        }

        private void summary(String name, Map<String, String> labelSet, SummaryDataPoint point) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return;
            }
            long time = point.getTimeUnixNano();
            boolean taken = emit(name + ".count", labelSet, point.getCount(), time)
                    & emit(name + ".sum", labelSet, point.getSum(), time);
            for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
                for (int q = 0; q < QUANTILES.length; q++) {
                    if (Math.abs(quantile.getQuantile() - QUANTILES[q]) < 1e-9) {
                        taken &= emit(name + "." + QUANTILE_NAMES[q], labelSet, quantile.getValue(), time);
                    }
                }
            }
            if (taken) {
                points++;
            }
        }

        private void distribution(String name, Map<String, String> labelSet, long time, Interval interval,
                                  boolean hasSum, double[] quantiles) {
            boolean taken = emit(name + ".count", labelSet, interval.count(), time);
            if (hasSum) {
                taken &= emit(name + ".sum", labelSet, interval.sum(), time);
            }
            if (interval.count() > 0) {
                for (int q = 0; q < QUANTILES.length; q++) {
                    if (!Double.isNaN(quantiles[q])) {
                        taken &= emit(name + "." + QUANTILE_NAMES[q], labelSet, quantiles[q], time);
                    }
                }
            }
            if (taken) {
                points++;
            }
        }

        /** Publishes one signal within the series budget; false (counted) when it is refused. */
        private boolean emit(String name, Map<String, String> labelSet, double value, long timeNanos) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                refuse(1, "a value that is not a finite number");
                return false;
            }
            String key = name + labelSet;
            if (!series.contains(key)) {
                if (series.size() >= config.get().signals().maxSeries()) {
                    refuse(1, "more series than signals.max-series (" + config.get().signals().maxSeries()
                            + "): deny high-cardinality attributes in otlp.yaml");
                    return false;
                }
                series.add(key);
            }
            Instant time = timeNanos == 0 ? clock.instant() : TraceMapper.instant(timeNanos);
            try {
                signals.publish(new Signal(name, labelSet, value, time));
                return true;
            } catch (IllegalArgumentException e) {
                refuse(1, "not a valid signal: " + e.getMessage());
                return false;
            }
        }
    }

    private static final int NEGATIVE = Integer.MIN_VALUE / 2;
    private static final int ZERO = Integer.MIN_VALUE;

    /** A distribution over one export interval. */
    private record Interval(long count, double sum, Map<Integer, Long> buckets, int scale) {
    }

    /**
     * The interval's figures: a delta point as it is; a cumulative one minus the series' previous point (the first
     * point, or one after a reset, counts from its start). Null when the two cannot be compared.
     */
    private Interval interval(String key, boolean cumulative, long start, long time, long count, double sum,
                              Map<Integer, Long> buckets, int scale) {
        if (!cumulative) {
            return new Interval(count, sum, buckets, scale);
        }
        Previous before = remember(key, new Previous(start, time, 0, count, sum, buckets, scale));
        if (before == null || before.startNanos() != start || count < before.count() || time <= before.timeNanos()) {
            return new Interval(count, sum, buckets, scale);
        }
        Map<Integer, Long> earlier = before.buckets();
        if (before.scale() != scale) {
            if (before.scale() < scale) {
                return null;
            }
            earlier = downscale(earlier, before.scale() - scale);
        }
        Map<Integer, Long> delta = new HashMap<>();
        for (Map.Entry<Integer, Long> bucket : buckets.entrySet()) {
            long value = bucket.getValue() - earlier.getOrDefault(bucket.getKey(), 0L);
            if (value < 0) {
                return new Interval(count, sum, buckets, scale); // a reset the start time did not show
            }
            delta.put(bucket.getKey(), value);
        }
        return new Interval(count - before.count(), sum - before.sum(), delta, scale);
    }

    /**
     * Keeps the series' latest cumulative point and answers the one before. Points of more series than the state
     * can hold are not kept (their series is refused at publishing anyway): a flood of new label sets cannot grow it.
     */
    private Previous remember(String key, Previous point) {
        if (!previous.containsKey(key) && previous.size() >= stateLimit()) {
            return null;
        }
        return previous.put(key, point);
    }

    private int stateLimit() {
        return 2 * config.get().signals().maxSeries();
    }

    /** Exponential buckets at a scale {@code by} lower: each index halves {@code by} times. */
    private static Map<Integer, Long> downscale(Map<Integer, Long> buckets, int by) {
        Map<Integer, Long> lower = new HashMap<>();
        buckets.forEach((index, count) -> {
            int moved = index == ZERO ? ZERO : index < NEGATIVE / 2 ? NEGATIVE + ((index - NEGATIVE) >> by)
                    : index >> by;
            lower.merge(moved, count, Long::sum);
        });
        return lower;
    }

    private static Double value(NumberDataPoint point) {
        return switch (point.getValueCase()) {
            case AS_DOUBLE -> point.getAsDouble();
            case AS_INT -> (double) point.getAsInt();
            case VALUE_NOT_SET -> null;
        };
    }
}
