package dev.vigil.plugins.system;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The health word and what made it so.
 *
 * @param level   healthy, warning, critical, or unknown (no sample yet, or sampling has stalled)
 * @param summary one line for people
 * @param reasons every figure at or above its warning threshold, worst first
 * @param notes   what could not be judged, and why (a CPU rate before the second sample)
 */
record Health(Level level, String summary, List<Reason> reasons, List<String> notes) {

    /** Levels, in rising order of concern; unknown is kept apart. Shown in lower case. */
    enum Level {
        HEALTHY, WARNING, CRITICAL, UNKNOWN;

        @JsonValue
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The value of the {@code system.health_level} signal: 0 healthy, 1 warning, 2 critical. */
        double signalValue() {
            return ordinal();
        }
    }

    /** One figure at or above a threshold: {@code level} is warning or critical, {@code threshold} the one crossed. */
    record Reason(String metric, Map<String, String> labels, double value, Level level, double threshold,
                  String message) {
    }
}
