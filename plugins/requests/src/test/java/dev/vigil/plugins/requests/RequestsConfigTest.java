package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

class RequestsConfigTest {

    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedConfigFileHoldsTheDefaults() throws Exception {
        Path shipped = Path.of("../../config/plugins/requests.yaml");
        assertEquals(RequestsConfig.DEFAULTS, binder.bind(shipped, RequestsConfig.class, RequestsConfig.DEFAULTS));
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertRefused("raw-retention: 60d\n", "raw-retention");
        assertRefused("slow-request-ms: 0\n", "slow-request-ms");
        assertRefused("max-batch-records: 5000\ningest-queue-capacity: 100\n", "ingest-queue-capacity");
        assertRefused("retention: soon\n", "retention");
        assertRefused("health:\n  critical-p95-ms: 10\n", "health.critical-p95-ms");
        assertRefused("own-traffic-flush-interval: 5m\n", "own-traffic-flush-interval");
        assertRefused("slow_request_ms: 5\n", "slow_request_ms");
        assertRefused("metrics-max-endpoints: 0\n", "metrics-max-endpoints");
    }

    private void assertRefused(String yaml, String key) {
        ConfigException error = assertThrows(ConfigException.class, () -> binder.bindText(
                "requests.yaml", yaml, RequestsConfig.class, RequestsConfig.DEFAULTS));
        assertTrue(error.getMessage().contains(key), error.getMessage());
    }
}
