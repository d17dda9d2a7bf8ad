package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.vigil.api.services.AlertHistory;
import dev.vigil.testkit.ServiceProbe;
import dev.vigil.testkit.TestDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code AlertHistory} as another plugin sees it: what fired in a window, by severity, and what is active now. */
class AlertHistoryIT {

    private static final String CONFIG = """
            evaluation-interval: 1h
            rules:
            """ + Harness.DISK_RULE;

    @TempDir
    static Path jars;
    static Path probe;

    /** Answers what AlertHistory.window gives for ?from=&to=&limit=. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = ServiceProbe.build(jars, "alertprobe", "/window", AlertHistory.class, "window", "from", "to", "limit");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void countsWhatFiredInTheWindowBySeverityAndWhatIsActiveNow(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        try (Harness h = Harness.startWith(database, CONFIG, probe)) {
            Instant start = h.clock.instant();
            h.step("test.disk_percent", Map.of("mount", "/"), 97); // critical, then resolved
            h.step("test.disk_percent", Map.of("mount", "/"), 10);
            h.step("test.disk_percent", Map.of("mount", "/data"), 85); // warning, still active
            Instant now = h.clock.instant();

            JsonNode window = window(h, start.minus(Duration.ofHours(1)), now, 1);
            assertEquals(2, window.get("fired").asLong(), window.toString());
            assertEquals(Map.of("warning", 1L, "critical", 1L), Map.of(
                    "warning", window.at("/fired_by_severity/warning").asLong(),
                    "critical", window.at("/fired_by_severity/critical").asLong()));
            assertEquals(1, window.get("active_now").asLong());
            assertEquals(1, window.at("/active_by_severity/warning").asLong());
            assertEquals(0, window.at("/active_by_severity/critical").asLong());
            assertEquals(2, window.get("total").asLong());
            assertEquals(1, window.get("alerts").size(), "at most the limit");
            JsonNode newest = window.get("alerts").get(0);
            assertEquals("/data", newest.at("/labels/mount").asText());
            assertEquals("active", newest.get("status").asText());
            assertEquals("warning", newest.get("severity").asText());
            assertEquals(85, newest.get("value").asDouble());

            JsonNode before = window(h, start.minus(Duration.ofHours(3)), start.minus(Duration.ofHours(2)), 10);
            assertEquals(0, before.get("fired").asLong(), before.toString());
            assertEquals(0, before.get("total").asLong());
            assertEquals(1, before.get("active_now").asLong(), "active now, whatever the window");
        }
    }

    private static JsonNode window(Harness h, Instant from, Instant to, int limit) {
        return h.server.get("/api/v1/alertprobe/window?from=" + from + "&to=" + to + "&limit=" + limit,
                            h.server.viewerToken()).json();
    }
}
