package dev.vigil.plugins.optimizer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instance;
import weka.core.Instances;
import weka.core.Utils;

/**
 * Turns requests into Weka rows. The attribute list (the header) is decided at training and saved with the model;
 * predictions look attributes up by name in the saved header, so a model keeps working whatever changed since.
 */
final class RequestFeatures {

    static final String HOUR_OF_DAY = "hour_of_day";
    static final String DAY_OF_WEEK = "day_of_week";
    static final String SERVICE = "service";
    static final String METHOD = "method";
    static final String ENDPOINT = "endpoint";
    static final String QUERY_COUNT = "query_count";
    static final String QUERY_TIME_MS = "query_time_ms";
    static final String CPU_PERCENT = "cpu_percent";
    static final String MEMORY_PERCENT = "memory_percent";
    static final String CONCURRENT_REQUESTS = "concurrent_requests";
    static final String DURATION_MS = "duration_ms";
    /** The nominal value standing for every value not seen (or not frequent enough) at training. */
    static final String OTHER = "(other)";

    /** Below this share of rows with a known value, a resource feature is left out: it would be mostly missing. */
    static final double MIN_RESOURCE_COVERAGE = 0.2;

    private RequestFeatures() {
    }

    /** What was decided about the features of one training set. */
    record Design(Instances header, List<String> notes) {
    }

    /**
     * The header for {@code rows}: nominal attributes keep their {@code maxValues} most frequent values plus
     * {@link #OTHER}; CPU and memory are included only when known for enough rows.
     */
    static Design design(List<FeatureRow> rows, int maxValues) {
        List<String> notes = new ArrayList<>();
        ArrayList<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute(HOUR_OF_DAY));
        attributes.add(new Attribute(DAY_OF_WEEK));
        attributes.add(new Attribute(SERVICE, topValues(rows, r -> r.key().service(), maxValues)));
        attributes.add(new Attribute(METHOD, topValues(rows, r -> r.key().method(), maxValues)));
        List<String> endpoints = topValues(rows, r -> r.key().route(), maxValues);
        attributes.add(new Attribute(ENDPOINT, endpoints));
        long distinctEndpoints = rows.stream().map(r -> r.key().route()).distinct().count();
        if (distinctEndpoints > maxValues) {
            notes.add("endpoint: the " + maxValues + " most frequent of " + distinctEndpoints
                              + " endpoints are modelled by name, the rest as " + OTHER + " (max-endpoints)");
        }
        attributes.add(new Attribute(QUERY_COUNT));
        attributes.add(new Attribute(QUERY_TIME_MS));
        double cpuCoverage = coverage(rows, FeatureRow::cpuPercent);
        double memoryCoverage = coverage(rows, FeatureRow::memoryPercent);
        if (cpuCoverage >= MIN_RESOURCE_COVERAGE) {
            attributes.add(new Attribute(CPU_PERCENT));
        } else {
            notes.add(CPU_PERCENT + " not used: known for " + percent(cpuCoverage) + " of the requests");
        }
        if (memoryCoverage >= MIN_RESOURCE_COVERAGE) {
            attributes.add(new Attribute(MEMORY_PERCENT));
        } else {
            notes.add(MEMORY_PERCENT + " not used: known for " + percent(memoryCoverage) + " of the requests");
        }
        attributes.add(new Attribute(CONCURRENT_REQUESTS));
        attributes.add(new Attribute(DURATION_MS));
        Instances header = new Instances("response_time", attributes, 0);
        header.setClassIndex(attributes.size() - 1);
        return new Design(header, notes);
    }

    /** A data set over {@code header} holding {@code rows}. */
    static Instances dataset(Instances header, List<FeatureRow> rows, ZoneId zone) {
        Instances data = new Instances(header, rows.size());
        for (FeatureRow row : rows) {
            data.add(instance(header, row, zone));
        }
        return data;
    }

    /** One row over {@code header}; values the header does not know become {@link #OTHER}. */
    static Instance instance(Instances header, FeatureRow row, ZoneId zone) {
        double[] values = new double[header.numAttributes()];
        ZonedDateTime at = Instant.ofEpochMilli(row.time()).atZone(zone);
        for (int i = 0; i < values.length; i++) {
            Attribute attribute = header.attribute(i);
            values[i] = switch (attribute.name()) {
                case HOUR_OF_DAY -> at.getHour();
                case DAY_OF_WEEK -> at.getDayOfWeek().getValue();
                case SERVICE -> nominal(attribute, row.key().service());
                case METHOD -> nominal(attribute, row.key().method());
                case ENDPOINT -> nominal(attribute, row.key().route());
                case QUERY_COUNT -> missingIfNaN(row.queryCount());
                case QUERY_TIME_MS -> missingIfNaN(row.queryTimeMs());
                case CPU_PERCENT -> missingIfNaN(row.cpuPercent());
                case MEMORY_PERCENT -> missingIfNaN(row.memoryPercent());
                case CONCURRENT_REQUESTS -> missingIfNaN(row.concurrentRequests());
                case DURATION_MS -> missingIfNaN(row.durationMs());
                default -> Utils.missingValue();
            };
        }
        DenseInstance instance = new DenseInstance(1.0, values);
        instance.setDataset(header);
        return instance;
    }

    /** Whether {@code value} is one the header knows by name (else it was modelled as {@link #OTHER}). */
    static boolean knows(Instances header, String attribute, String value) {
        Attribute found = header.attribute(attribute);
        return found != null && found.indexOfValue(value) >= 0;
    }

    private static double nominal(Attribute attribute, String value) {
        int index = attribute.indexOfValue(value);
        return index >= 0 ? index : attribute.indexOfValue(OTHER);
    }

    private static double missingIfNaN(double value) {
        return Double.isNaN(value) ? Utils.missingValue() : value;
    }

    private static List<String> topValues(List<FeatureRow> rows, Function<FeatureRow, String> value, int max) {
        Map<String, Integer> counts = new HashMap<>();
        rows.forEach(row -> counts.merge(value.apply(row), 1, Integer::sum));
        Set<String> values = new LinkedHashSet<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .forEach(values::add);
        values.remove(OTHER);
        List<String> list = new ArrayList<>(values);
        list.add(OTHER);
        return list;
    }

    private static double coverage(List<FeatureRow> rows, java.util.function.ToDoubleFunction<FeatureRow> value) {
        if (rows.isEmpty()) {
            return 0;
        }
        long known = rows.stream().filter(row -> !Double.isNaN(value.applyAsDouble(row))).count();
        return (double) known / rows.size();
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
