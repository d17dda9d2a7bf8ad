package dev.vigil.plugins.otlp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the intake took, refused, handed over and lost, for the status route and the log. */
final class IntakeStats {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    void add(String counter, long amount) {
        if (amount != 0) {
            counters.computeIfAbsent(counter, name -> new LongAdder()).add(amount);
        }
    }

    /** Counts refused items by reason (bounded: reasons are fixed texts). */
    void refused(String signal, Map<String, Integer> reasons) {
        reasons.forEach((reason, count) -> refusals.computeIfAbsent(signal + ": " + reason, name -> new LongAdder())
                .add(count));
    }

    long get(String counter) {
        LongAdder adder = counters.get(counter);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, Long> counters() {
        Map<String, Long> snapshot = new TreeMap<>();
        counters.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }

    Map<String, Long> refusals() {
        Map<String, Long> snapshot = new LinkedHashMap<>();
        refusals.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> snapshot.put(entry.getKey(), entry.getValue().sum()));
        return snapshot;
    }
}
