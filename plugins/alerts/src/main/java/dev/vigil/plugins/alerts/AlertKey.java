package dev.vigil.plugins.alerts;

import java.util.Map;
import java.util.TreeMap;

/** A rule and a label set: at most one active alert each. */
record AlertKey(String rule, Map<String, String> labels) {

    AlertKey {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
