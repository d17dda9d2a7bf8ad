package dev.vigil.kernel.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.EventBus;
import dev.vigil.api.Signal;
import dev.vigil.api.Signals;

/**
 * The latest value and a bounded history of every signal series, in memory. A cap on the number of series
 * protects the heap from a producer that puts unbounded values (user ids, raw paths) in labels.
 */
public final class SignalStore implements Signals {

    private final Map<String, Map<Map<String, String>, SeriesBuffer>> byName = new ConcurrentHashMap<>();
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final AtomicLong rejectedSeries = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final int historyPoints;
    private final int maxSeries;
    private final EventBus bus;

    public SignalStore(int historyPoints, int maxSeries, EventBus bus) {
        this.historyPoints = historyPoints;
        this.maxSeries = maxSeries;
        this.bus = bus;
    }

    @Override
    public void publish(Signal signal) {
        Map<Map<String, String>, SeriesBuffer> series = byName.computeIfAbsent(signal.name(),
                                                                                n -> new ConcurrentHashMap<>());
        SeriesBuffer buffer = series.get(signal.labels());
        if (buffer == null) {
            if (seriesCount.get() >= maxSeries) {
                rejectedSeries.incrementAndGet();
                return;
            }
            buffer = series.computeIfAbsent(signal.labels(), labels -> {
                seriesCount.incrementAndGet();
                return new SeriesBuffer(historyPoints);
            });
        }
        buffer.add(signal);
        published.incrementAndGet();
        bus.publish(signal);
    }

    @Override
    public Optional<Signal> latest(String name, Map<String, String> labels) {
        Map<Map<String, String>, SeriesBuffer> series = byName.get(name);
        if (series == null) {
            return Optional.empty();
        }
        // Map equality ignores order, so any map with the same entries finds the series.
        SeriesBuffer buffer = series.get(labels == null ? Map.of() : labels);
        return buffer == null ? Optional.empty() : Optional.ofNullable(buffer.latest());
    }

    @Override
    public List<Signal> latest(String name) {
        Map<Map<String, String>, SeriesBuffer> series = byName.get(name);
        if (series == null) {
            return List.of();
        }
        List<Signal> latest = new ArrayList<>();
        series.values().forEach(buffer -> {
            Signal signal = buffer.latest();
            if (signal != null) {
                latest.add(signal);
            }
        });
        latest.sort(Comparator.comparing(s -> s.labels().toString()));
        return latest;
    }

    @Override
    public List<SignalSeries> history(String name, Map<String, String> labelMatchers, Instant since) {
        Map<Map<String, String>, SeriesBuffer> series = byName.get(name);
        if (series == null) {
            return List.of();
        }
        List<SignalSeries> result = new ArrayList<>();
        series.forEach((labels, buffer) -> {
            if (matches(labels, labelMatchers)) {
                result.add(new SignalSeries(name, labels, buffer.since(since)));
            }
        });
        result.sort(Comparator.comparing(s -> s.labels().toString()));
        return result;
    }

    @Override
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    public int seriesCount() {
        return seriesCount.get();
    }

    public long rejectedSeries() {
        return rejectedSeries.get();
    }

    public long published() {
        return published.get();
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> matchers) {
        if (matchers == null) {
            return true;
        }
        for (Map.Entry<String, String> matcher : matchers.entrySet()) {
            if (!matcher.getValue().equals(labels.get(matcher.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** A ring of the most recent points of one series. */
    private static final class SeriesBuffer {
        private final long[] times;
        private final double[] values;
        private int next;
        private int size;
        private Signal latest;

        SeriesBuffer(int capacity) {
            times = new long[capacity];
            values = new double[capacity];
        }

        synchronized void add(Signal signal) {
            times[next] = signal.time().toEpochMilli();
            values[next] = signal.value();
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
            if (latest == null || !signal.time().isBefore(latest.time())) {
                latest = signal;
            }
        }

        synchronized Signal latest() {
            return latest;
        }

        synchronized List<Point> since(Instant since) {
            long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
            List<Point> points = new ArrayList<>();
            int start = (next - size + times.length) % times.length;
            for (int i = 0; i < size; i++) {
                int at = (start + i) % times.length;
                if (times[at] >= from) {
                    points.add(new Point(Instant.ofEpochMilli(times[at]), values[at]));
                }
            }
            points.sort(Comparator.comparing(Point::time));
            return points;
        }
    }
}
