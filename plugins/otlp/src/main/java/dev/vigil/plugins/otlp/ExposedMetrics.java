package dev.vigil.plugins.otlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.vigil.api.metrics.CountedHistogram;
import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Gauge;
import dev.vigil.api.metrics.Metrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * Applications' OTLP metrics on {@code /metrics}, as an OTLP→Prometheus bridge shows them: monotonic sums as
 * counters ({@code _total}), gauges and non-monotonic sums as gauges, explicit-bucket histograms as histograms with
 * their own buckets; named by {@link ExposedName}, labelled with {@code service} and the admitted point attributes.
 * Values are cumulative whatever the temporality: delta points are added up, cumulative ones added as the difference
 * to the series' previous point (a reset adds the new total).
 *
 * <p>A family's label names and buckets are fixed when it is first seen (the union of its points' label keys in that
 * export): a later point with other label keys or bounds, a family beyond {@code prometheus.max-families} and a
 * series beyond {@code prometheus.max-series} are left out and counted. Exponential histograms and summaries are not
 * shown (they stay signals).
 */
final class ExposedMetrics {

    /** What one export gave: points shown, and points left out by reason with what explains it. */
    record Result(int shown, Map<String, Integer> leftOut) {
    }

    static final String LABEL_KEYS_DIFFER = "label keys differ from the family's";
    static final String BOUNDS_DIFFER = "bucket bounds differ from the family's";
    static final String TOO_MANY_FAMILIES = "more families than prometheus.max-families";
    static final String TOO_MANY_SERIES = "more series than prometheus.max-series";
    static final String NAME_REFUSED = "a name /metrics cannot take";
    static final String NAME_TAKEN = "a name another metric of another type or unit has";
    static final String NOT_CONVERTED = "exponential histograms and summaries are not shown";
    static final String BAD_POINT = "a point without a usable value";

    private static final String SERVICE = "service";
    private static final int NO_RECORDED_VALUE = 1;

    private final Metrics metrics;
    private final Supplier<OtlpConfig> config;
    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final Map<SeriesKey, SeriesState> series = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    private volatile SignalLabels admission;
    private volatile OtlpConfig.Signals admissionSettings;

    ExposedMetrics(Metrics metrics, Supplier<OtlpConfig> config) {
        this.metrics = metrics;
        this.config = config;
    }

    /** One family: its kind, labels and buckets as first seen, and the instrument that holds its series. */
    private record Family(ExposedName.Kind kind, String name, List<String> labelNames, double[] bounds,
                          Counter counter, Gauge gauge, CountedHistogram histogram) {
    }

    private record SeriesKey(String family, List<String> labelValues) {
    }

    /** What a series needs to turn its next point into an addition: the previous cumulative point, or a running sum. */
    private static final class SeriesState {
        long start = -1;
        double value;
        long[] counts;
        double sum;
    }

    Result expose(ExportMetricsServiceRequest export, AttributeReader attributes) {
        Export work = new Export(admission(), attributes, config.get().prometheus());
        for (ResourceMetrics resource : export.getResourceMetricsList()) {
            String service = ServiceResource.of(attributes.read(resource.getResource().getAttributesList())).name();
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    work.metric(service, metric);
                }
            }
        }
        return new Result(work.shown, work.leftOut);
    }

    /** Families and series now, the caps, and the points left out since start by reason. */
    Map<String, Object> state() {
        OtlpConfig.Prometheus caps = config.get().prometheus();
        Map<String, Long> byReason = new TreeMap<>();
        dropped.forEach((reason, count) -> byReason.put(reason, count.sum()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("families", families.size());
        state.put("max_families", caps.maxFamilies());
        state.put("series", series.size());
        state.put("max_series", caps.maxSeries());
        state.put("dropped", byReason);
        return state;
    }

    private SignalLabels admission() {
        OtlpConfig.Signals current = config.get().signals();
        if (current != admissionSettings) {
            admission = new SignalLabels(current);
            admissionSettings = current;
        }
        return admission;
    }

    private static ExposedName.Kind kindOf(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> ExposedName.Kind.GAUGE;
            case SUM -> metric.getSum().getIsMonotonic() ? ExposedName.Kind.COUNTER : ExposedName.Kind.GAUGE;
            case HISTOGRAM -> ExposedName.Kind.HISTOGRAM;
            default -> null;
        };
    }

    /** One export's work and what it left out. */
    private final class Export {
        final SignalLabels admission;
        final AttributeReader attributes;
        final OtlpConfig.Prometheus caps;
        final Map<String, Integer> leftOut = new LinkedHashMap<>();
        int shown;

        Export(SignalLabels admission, AttributeReader attributes, OtlpConfig.Prometheus caps) {
            this.admission = admission;
            this.attributes = attributes;
            this.caps = caps;
        }

        void metric(String service, Metric metric) {
            int points = MetricSignals.pointCount(metric);
            ExposedName.Kind kind = kindOf(metric);
            if (kind == null) {
                leaveOut(points, NOT_CONVERTED, metric.getName());
                return;
            }
            ExposedName name = ExposedName.of(metric.getName(), metric.getUnit(), kind);
            if (name == null) {
                leaveOut(points, NAME_REFUSED, "no letters or digits in '" + metric.getName() + "'");
                return;
            }
            List<Map<String, String>> labels = new ArrayList<>(points);
            List<List<KeyValue>> pointAttributes = switch (metric.getDataCase()) {
                case GAUGE -> metric.getGauge().getDataPointsList().stream().map(NumberDataPoint::getAttributesList)
                        .toList();
                case SUM -> metric.getSum().getDataPointsList().stream().map(NumberDataPoint::getAttributesList)
                        .toList();
                default -> metric.getHistogram().getDataPointsList().stream()
                        .map(HistogramDataPoint::getAttributesList).toList();
            };
            TreeSet<String> keys = new TreeSet<>();
            for (List<KeyValue> list : pointAttributes) {
                Map<String, String> set = labelsOf(service, list);
                labels.add(set);
                keys.addAll(set.keySet());
            }
            double[] bounds = metric.getDataCase() == Metric.DataCase.HISTOGRAM
                    && metric.getHistogram().getDataPointsCount() > 0
                    ? bounds(name, metric.getHistogram().getDataPoints(0)) : new double[0];
            Family family = family(name, kind, keys, bounds, metric, points);
            if (family == null) {
                return;
            }
            for (int i = 0; i < points; i++) {
                String[] values = labelValues(family, labels.get(i));
                if (values == null) {
                    leaveOut(1, LABEL_KEYS_DIFFER, family.name() + " has " + family.labelNames() + ", a point had "
                            + labels.get(i).keySet());
                    continue;
                }
                switch (metric.getDataCase()) {
                    case GAUGE -> gauge(family, name, values, metric.getGauge().getDataPoints(i));
                    case SUM -> sum(family, name, values, metric.getSum().getDataPoints(i),
                                    cumulative(metric.getSum().getAggregationTemporality()));
                    default -> histogram(family, name, values, metric.getHistogram().getDataPoints(i),
                                         cumulative(metric.getHistogram().getAggregationTemporality()));
                }
            }
        }

        /** Labels of a point: {@code service}, then the admitted attributes under label names, sorted, capped. */
        private Map<String, String> labelsOf(String service, List<KeyValue> list) {
            Attributes read = attributes.read(list);
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < read.size() && labels.size() < caps.maxLabels(); i++) {
                Object value = read.valueAt(i);
                String label = ExposedName.labelName(read.key(i));
                if (value == null || label == null || label.equals(SERVICE) || label.equals("le")
                        || label.equals("quantile") || labels.containsKey(label) || !admission.admitted(read.key(i))) {
                    continue;
                }
                labels.put(label, cut(value.toString()));
            }
            labels.put(SERVICE, cut(service));
            return labels;
        }

        /** The point's label values in the family's order ("" for a key it lacks); null if it has a key too many. */
        private static String[] labelValues(Family family, Map<String, String> labels) {
            if (!family.labelNames().containsAll(labels.keySet())) {
                return null;
            }
            String[] values = new String[family.labelNames().size()];
            for (int i = 0; i < values.length; i++) {
                // An empty value is how Prometheus reads a label the series does not have.
                values[i] = labels.getOrDefault(family.labelNames().get(i), "");
            }
            return values;
        }

        private Family family(ExposedName name, ExposedName.Kind kind, TreeSet<String> keys, double[] bounds,
                              Metric metric, int points) {
            String key = kind == ExposedName.Kind.COUNTER
                    ? name.name().substring(0, name.name().length() - "_total".length()) : name.name();
            Family known = families.get(key);
            if (known == null) {
                synchronized (families) {
                    known = families.get(key);
                    if (known == null) {
                        if (families.size() >= caps.maxFamilies()) {
                            leaveOut(points, TOO_MANY_FAMILIES, name.name() + " (" + caps.maxFamilies() + ")");
                            return null;
                        }
                        try {
                            known = register(name, kind, List.copyOf(keys), bounds, metric);
                        } catch (IllegalArgumentException | IllegalStateException refused) {
                            leaveOut(points, NAME_REFUSED, refused.getMessage());
                            return null;
                        }
                        families.put(key, known);
                    }
                }
            }
            if (known.kind() != kind || !known.name().equals(name.name())) {
                leaveOut(points, NAME_TAKEN, name.name() + " is a " + known.kind().name().toLowerCase(Locale.ROOT)
                        + " already");
                return null;
            }
            return known;
        }

        private Family register(ExposedName name, ExposedName.Kind kind, List<String> labelNames, double[] bounds,
                                Metric metric) {
            String help = metric.getDescription().isBlank()
                    ? "OpenTelemetry metric " + metric.getName() + (metric.getUnit().isBlank() ? ""
                            : " (" + metric.getUnit() + ")") + ", received over OTLP."
                    : metric.getDescription().strip();
            String[] labels = labelNames.toArray(String[]::new);
            return switch (kind) {
                case COUNTER -> new Family(kind, name.name(), labelNames, bounds,
                                           metrics.counter(name.name(), help, labels), null, null);
                case GAUGE -> new Family(kind, name.name(), labelNames, bounds, null,
                                         metrics.gauge(name.name(), help, labels), null);
                case HISTOGRAM -> new Family(kind, name.name(), labelNames, bounds, null, null,
                                             metrics.countedHistogram(name.name(), help, bounds, labels));
            };
        }

        /** The series' state, or null (counted) when it would be one series more than the cap. */
        private SeriesState state(Family family, String[] values) {
            SeriesKey key = new SeriesKey(family.name(), List.of(values));
            SeriesState state = series.get(key);
            if (state != null) {
                return state;
            }
            synchronized (series) {
                state = series.get(key);
                if (state == null) {
                    if (series.size() >= caps.maxSeries()) {
                        leaveOut(1, TOO_MANY_SERIES, family.name() + " (" + caps.maxSeries() + ")");
                        return null;
                    }
                    state = new SeriesState();
                    series.put(key, state);
                }
                return state;
            }
        }

        private void gauge(Family family, ExposedName name, String[] values, NumberDataPoint point) {
            Double value = value(point);
            SeriesState state = value == null ? null : state(family, values);
            if (state != null) {
                family.gauge().set(name.scale(value), values);
                shown++;
            }
        }

        private void sum(Family family, ExposedName name, String[] values, NumberDataPoint point,
                         boolean cumulative) {
            Double value = value(point);
            if (value == null) {
                return;
            }
            if (family.kind() == ExposedName.Kind.COUNTER && !cumulative && value < 0) {
                leaveOut(1, BAD_POINT, family.name() + " is a counter, a delta point was " + value);
                return;
            }
            SeriesState state = state(family, values);
            if (state == null) {
                return;
            }
            synchronized (state) {
                if (family.kind() == ExposedName.Kind.GAUGE) {
                    state.value = cumulative ? value : state.value + value;
                    family.gauge().set(name.scale(state.value), values);
                } else {
                    // A cumulative point adds what it counted since the previous one; after a reset, all of it.
                    boolean continues = cumulative && state.start == point.getStartTimeUnixNano()
                            && value >= state.value;
                    double add = !cumulative ? value : continues ? value - state.value : value;
                    state.start = point.getStartTimeUnixNano();
                    state.value = value;
                    family.counter().inc(name.scale(add), values); // adding 0 shows a series that counted nothing
                }
            }
            shown++;
        }

        private void histogram(Family family, ExposedName name, String[] values, HistogramDataPoint point,
                               boolean cumulative) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return;
            }
            if (!Arrays.equals(bounds(name, point), family.bounds())) {
                leaveOut(1, BOUNDS_DIFFER, family.name() + " has " + Arrays.toString(family.bounds()));
                return;
            }
            long[] counts = new long[family.bounds().length + 1];
            if (point.getBucketCountsCount() == counts.length) {
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = point.getBucketCounts(i);
                }
            } else if (point.getBucketCountsCount() == 0 && counts.length == 1) {
                counts[0] = point.getCount();
            } else {
                leaveOut(1, BAD_POINT, family.name() + ": bucket counts do not match the bounds");
                return;
            }
            if (!point.hasSum() || !Double.isFinite(point.getSum())) {
                leaveOut(1, BAD_POINT, family.name() + ": a histogram point without a sum");
                return;
            }
            SeriesState state = state(family, values);
            if (state == null) {
                return;
            }
            synchronized (state) {
                long[] added = counts.clone();
                double sum = point.getSum();
                if (cumulative && state.counts != null && state.start == point.getStartTimeUnixNano()
                        && isAtLeast(counts, state.counts)) {
                    for (int i = 0; i < added.length; i++) {
                        added[i] -= state.counts[i];
                    }
                    sum -= state.sum;
                }
                if (cumulative) {
                    state.start = point.getStartTimeUnixNano();
                    state.counts = counts;
                    state.sum = point.getSum();
                }
                family.histogram().add(added, name.scale(sum), values);
            }
            shown++;
        }

        /** A number point's value; null when it has none now or none at all (counted). */
        private Double value(NumberDataPoint point) {
            if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
                return null;
            }
            double value = switch (point.getValueCase()) {
                case AS_DOUBLE -> point.getAsDouble();
                case AS_INT -> point.getAsInt();
                case VALUE_NOT_SET -> Double.NaN;
            };
            if (!Double.isFinite(value)) {
                leaveOut(1, BAD_POINT, "a value that is not a finite number");
                return null;
            }
            return value;
        }

        private void leaveOut(int points, String reason, String detail) {
            if (points > 0) {
                dropped.computeIfAbsent(reason, r -> new LongAdder()).add(points);
                leftOut.merge(reason + " (" + detail + ")", points, Integer::sum);
            }
        }
    }

    private static double[] bounds(ExposedName name, HistogramDataPoint point) {
        double[] bounds = new double[point.getExplicitBoundsCount()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = name.scale(point.getExplicitBounds(i));
        }
        return bounds;
    }

    private static boolean isAtLeast(long[] counts, long[] before) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < before[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean cumulative(AggregationTemporality temporality) {
        return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    }

    private static String cut(String value) {
        return value.length() <= SignalLabels.MAX_VALUE_LENGTH ? value : value.substring(0, SignalLabels.MAX_VALUE_LENGTH);
    }
}
