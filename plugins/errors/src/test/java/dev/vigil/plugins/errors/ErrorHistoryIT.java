package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.vigil.testkit.HttpResult;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.testkit.ServiceProbe;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code ErrorHistory} as another plugin sees it: a window's events by level and its most frequent groups. */
class ErrorHistoryIT {

    @TempDir
    static Path jars;
    static Path probe;

    /** Answers what ErrorHistory.window gives for ?from=&to=&limit=. */
    @BeforeAll
    static void buildProbe() throws Exception {
        probe = ServiceProbe.build(jars, "errprobe", "/window", ErrorHistory.class, "window", "from", "to", "limit");
    }

    private static Object error(Instant time, String type, String message, String level) {
        return Records.record("timestamp", time.toString(), "service", "shop", "exception_type", type,
                              "message", message, "level", level);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void countsTheWindowsEventsByLevelAndRanksItsGroups(TestDatabase database) throws Exception {
        assumeTrue(database.available(), database + " is not available here");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.minus(Duration.ofHours(1));
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(probe).database(database).start()) {
            HttpResult ingest = server.post("/api/v1/errors/ingest", Records.batch(
                    error(now.minus(Duration.ofHours(3)), "OldError", "long ago", "critical"),
                    error(now.minus(Duration.ofMinutes(30)), "TimeoutError", "db timed out", "error"),
                    error(now.minus(Duration.ofMinutes(20)), "TimeoutError", "db timed out", "critical"),
                    error(now.minus(Duration.ofMinutes(10)), "TimeoutError", "db timed out", "error"),
                    error(now.minus(Duration.ofMinutes(5)), "CartWarning", "cart, \"big\"", "warning")),
                    server.ingestToken());
            assertEquals(200, ingest.status(), ingest.body());

            JsonNode window = server.get("/api/v1/errprobe/window?from=" + from + "&to=" + now + "&limit=1",
                                         server.viewerToken()).json();
            assertEquals(4, window.get("events").asLong(), window.toString());
            assertEquals(2, window.get("events_by_level").get("ERROR").asLong());
            assertEquals(1, window.get("events_by_level").get("CRITICAL").asLong());
            assertEquals(1, window.get("events_by_level").get("WARNING").asLong());
            assertEquals(0, window.get("events_by_level").get("DEBUG").asLong());
            assertEquals(2, window.get("groups").asLong());
            assertEquals(1, window.get("top").size());
            JsonNode top = window.get("top").get(0);
            assertEquals("TimeoutError", top.get("exception_type").asText());
            assertEquals(3, top.get("events").asLong());
            assertEquals("CRITICAL", top.get("level").asText(), "the highest level seen");
            assertEquals("unresolved", top.get("status").asText());
            assertEquals("shop", top.get("service").asText());
        }
    }
}
