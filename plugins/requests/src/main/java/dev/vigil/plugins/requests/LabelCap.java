package dev.vigil.plugins.requests;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Bounds the values one label takes on {@code /metrics}: the first {@code max} values seen keep their own series,
 * later ones are folded into {@link #OTHER}, and each value folded is reported once. A value keeps its slot while
 * the plugin runs (its series are cumulative), so lowering the cap live folds only values not yet seen.
 * Thread-safe; a value already placed costs one or two lock-free lookups.
 */
final class LabelCap {

    static final String OTHER = "(other)";
    /** Folded values remembered so that each is counted once; past this the count stops growing. */
    static final int MAX_FOLDS_REMEMBERED = 10_000;

    private final IntSupplier max;
    private final Runnable onFold;
    private final Predicate<String> alwaysKept;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final Set<String> folded = ConcurrentHashMap.newKeySet();

    /**
     * @param max        values with series of their own (read on each new value: a live setting)
     * @param onFold     told each time a value is folded for the first time
     * @param alwaysKept values that keep their series whatever the cap (they still take a slot)
     */
    LabelCap(IntSupplier max, Runnable onFold, Predicate<String> alwaysKept) {
        this.max = max;
        this.onFold = onFold;
        this.alwaysKept = alwaysKept;
    }

    /** The label to use: the value itself, or {@link #OTHER} once the cap is reached. */
    String label(String value) {
        if (kept.contains(value)) {
            return value;
        }
        if (folded.contains(value)) {
            return OTHER;
        }
        boolean newlyFolded;
        synchronized (this) {
            if (kept.contains(value)) {
                return value;
            }
            if (alwaysKept.test(value) || kept.size() < max.getAsInt()) {
                kept.add(value);
                return value;
            }
            newlyFolded = folded.size() < MAX_FOLDS_REMEMBERED && folded.add(value);
        }
        if (newlyFolded) {
            onFold.run();
        }
        return OTHER;
    }

    /** How many values were folded (each once, up to {@link #MAX_FOLDS_REMEMBERED}). */
    int folded() {
        return folded.size();
    }
}
