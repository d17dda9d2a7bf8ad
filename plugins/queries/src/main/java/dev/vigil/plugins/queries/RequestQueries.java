package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statements of one request, folded by fingerprint and, within a fingerprint, by the values they ran with:
 * enough to find N+1 patterns and identical repeats without keeping every statement. Memory is bounded: at most
 * {@link #MAX_SHAPES} fingerprints and {@link #MAX_VALUE_SETS} value sets per fingerprint are told apart; the rest
 * are counted. Not thread-safe: the window that owns it guards it.
 */
final class RequestQueries {

    static final int MAX_SHAPES = 500;
    static final int MAX_VALUE_SETS = 256;
    private static final int EXAMPLE_LENGTH = 1000;

    private final String service;
    private final String key;
    private String requestId;
    private String traceId;
    private String endpoint;
    private long firstTimestamp = Long.MAX_VALUE;
    private long lastTimestamp = Long.MIN_VALUE;
    private int count;
    private double totalMs;
    private final LinkedHashMap<String, Shape> shapes = new LinkedHashMap<>();

    RequestQueries(String service, String key) {
        this.service = service;
        this.key = key;
    }

    /** The runs of one fingerprint within the request. */
    static final class Shape {
        private final String fingerprint;
        private final String example;
        private int count;
        private double totalMs;
        /** Runs whose values are unknown, or beyond the value sets told apart: each counts as different. */
        private int untold;
        private final Map<Long, Repeat> byValues = new HashMap<>();

        Shape(String fingerprint, String example) {
            this.fingerprint = fingerprint;
            this.example = example;
        }

        String fingerprint() {
            return fingerprint;
        }

        String example() {
            return example;
        }

        int count() {
            return count;
        }

        double totalMs() {
            return totalMs;
        }

        /** How many different value sets ran (unknown values count as different). */
        int distinctValues() {
            return byValues.size() + untold;
        }

        /** The value set that ran most often, or null. */
        Repeat mostRepeated() {
            Repeat most = null;
            for (Repeat repeat : byValues.values()) {
                if (most == null || repeat.count > most.count) {
                    most = repeat;
                }
            }
            return most;
        }
    }

    /** Runs of one fingerprint with one value set. */
    static final class Repeat {
        private int count;
        private double totalMs;
        /** Kept from the second run on: most value sets run once, and their text is not needed. */
        private String example;

        int count() {
            return count;
        }

        double totalMs() {
            return totalMs;
        }

        String example() {
            return example;
        }
    }

    void add(Statement statement) {
        count++;
        totalMs += statement.durationMs();
        firstTimestamp = Math.min(firstTimestamp, statement.timestamp());
        lastTimestamp = Math.max(lastTimestamp, statement.timestamp());
        if (requestId == null) {
            requestId = statement.requestId();
        }
        if (traceId == null) {
            traceId = statement.traceId();
        }
        if (endpoint == null) {
            endpoint = statement.endpoint();
        }
        String fingerprint = statement.fingerprint().id();
        Shape shape = shapes.get(fingerprint);
        if (shape == null) {
            if (shapes.size() >= MAX_SHAPES) {
                return;
            }
            shape = new Shape(fingerprint, example(statement.sql()));
            shapes.put(fingerprint, shape);
        }
        shape.count++;
        shape.totalMs += statement.durationMs();
        Long values = statement.parameters();
        Repeat repeat = values == null ? null : shape.byValues.get(values);
        if (repeat == null) {
            if (values == null || shape.byValues.size() >= MAX_VALUE_SETS) {
                shape.untold++;
                return;
            }
            repeat = new Repeat();
            shape.byValues.put(values, repeat);
        } else if (repeat.example == null) {
            repeat.example = example(statement.sql());
        }
        repeat.count++;
        repeat.totalMs += statement.durationMs();
    }

    private static String example(String sql) {
        return sql.length() > EXAMPLE_LENGTH ? sql.substring(0, EXAMPLE_LENGTH) : sql;
    }

    String service() {
        return service;
    }

    String key() {
        return key;
    }

    String requestId() {
        return requestId;
    }

    String traceId() {
        return traceId;
    }

    String endpoint() {
        return endpoint;
    }

    long firstTimestamp() {
        return firstTimestamp;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    int count() {
        return count;
    }

    double totalMs() {
        return totalMs;
    }

    Collection<Shape> shapes() {
        return new ArrayList<>(shapes.values());
    }
}
