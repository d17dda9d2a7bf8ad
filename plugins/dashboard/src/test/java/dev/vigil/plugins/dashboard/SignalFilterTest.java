package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;

import dev.vigil.api.Signal;

import org.junit.jupiter.api.Test;

class SignalFilterTest {

    private static Signal signal(String name, Map<String, String> labels) {
        return Signal.of(name, labels, 1, Instant.EPOCH);
    }

    @Test
    void byDefaultEveryOverallSignalAndNoPerSeriesOne() {
        SignalFilter filter = SignalFilter.parse(null, false);
        assertTrue(filter.accepts(signal("system.cpu_percent", Map.of())));
        assertFalse(filter.accepts(signal("system.cpu_core_percent", Map.of("core", "0"))));
        assertTrue(SignalFilter.parse("", true).accepts(signal("system.cpu_core_percent", Map.of("core", "0"))));
    }

    @Test
    void namesAndPrefixesSelectSignals() {
        SignalFilter filter = SignalFilter.parse("system., requests.p95_ms,alerts", false);
        assertTrue(filter.accepts(signal("system.memory_percent", Map.of())));
        assertTrue(filter.accepts(signal("requests.p95_ms", Map.of())));
        assertFalse(filter.accepts(signal("requests.p99_ms", Map.of())));
        assertTrue(filter.accepts(signal("alerts.active", Map.of())));
        assertFalse(filter.accepts(signal("alertsx.active", Map.of())));
        assertFalse(filter.accepts(signal("queries.avg_ms", Map.of())));
    }
}
