package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** The config as the kernel binds it: kebab-case keys, durations, validation that names the key. */
class QueriesConfigTest {

    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedFileHoldsExactlyTheDefaults() throws Exception {
        Path shipped = Path.of("../../config/plugins/queries.yaml");
        assertTrue(Files.exists(shipped), shipped.toAbsolutePath().toString());
        assertEquals(QueriesConfig.DEFAULTS, binder.bind(shipped, QueriesConfig.class, QueriesConfig.DEFAULTS));
    }

    @Test
    void readsKebabCaseKeysAndDurations() throws Exception {
        QueriesConfig config = binder.bindText("test", """
                slow-query-ms: 250
                n-plus-one-min-repeats: 3
                request-window: 200ms
                statement-retention: 12h
                """, QueriesConfig.class, QueriesConfig.DEFAULTS);
        assertEquals(250, config.slowQueryMs());
        assertEquals(3, config.nPlusOneMinRepeats());
        assertEquals(Duration.ofMillis(200), config.requestWindow());
        assertEquals(Duration.ofHours(12), config.statementRetention());
        assertEquals(50, config.queryCountThreshold());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertRefused("n-plus-one-min-repeats: 1", "n-plus-one-min-repeats");
        assertRefused("slow-query-ms: 0", "slow-query-ms");
        assertRefused("query-count-threshold: 0", "query-count-threshold");
        assertRefused("request-window: 30m", "request-window");
        assertRefused("request-window: 2m\nrequest-max-age: 1m", "request-max-age");
        assertRefused("max-batch-records: 0", "max-batch-records");
        assertRefused("write-queue-capacity: 10", "write-queue-capacity");
        assertRefused("no-such-key: 1", "no-such-key");
    }

    private void assertRefused(String yaml, String key) {
        ConfigException error = assertThrows(ConfigException.class,
                                             () -> binder.bindText("test", yaml, QueriesConfig.class,
                                                                   QueriesConfig.DEFAULTS));
        assertTrue(error.getMessage().contains(key), error.getMessage());
    }
}
