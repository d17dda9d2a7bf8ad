package dev.vigil.plugins.dashboard;

import java.util.Arrays;
import java.util.List;

import dev.vigil.api.Signal;

/**
 * Which signals a stream client wants: names or name prefixes ({@code system.}, {@code requests.p95_ms}), and
 * whether per-series (labelled) signals are included. Overall figures (no labels) are what most pages show; per
 * endpoint and per core series are many, so a client asks for them.
 */
record SignalFilter(List<String> prefixes, boolean labelled) {

    static final SignalFilter ALL_OVERALL = new SignalFilter(List.of(), false);

    /** From the query parameters {@code signals=a,b.} and {@code labelled=true}. */
    static SignalFilter parse(String signals, boolean labelled) {
        if (signals == null || signals.isBlank()) {
            return new SignalFilter(List.of(), labelled);
        }
        List<String> prefixes = Arrays.stream(signals.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .distinct().toList();
        return new SignalFilter(prefixes, labelled);
    }

    boolean accepts(Signal signal) {
        if (!labelled && !signal.labels().isEmpty()) {
            return false;
        }
        if (prefixes.isEmpty()) {
            return true;
        }
        for (String prefix : prefixes) {
            if (prefix.endsWith(".") ? signal.name().startsWith(prefix) : signal.name().equals(prefix)
                    || signal.name().startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
