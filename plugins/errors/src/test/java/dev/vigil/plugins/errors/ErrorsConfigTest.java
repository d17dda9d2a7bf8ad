package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** The shipped config file and the defaults agree; bad values are refused naming the key. */
class ErrorsConfigTest {

    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedFileHoldsTheDefaults() throws Exception {
        Path shipped = Path.of("../../config/plugins/errors.yaml");
        assertEquals(ErrorsConfig.DEFAULTS, binder.bind(shipped, ErrorsConfig.class, ErrorsConfig.DEFAULTS));
    }

    @Test
    void editsAreBoundAndBadValuesNamed() throws Exception {
        ErrorsConfig edited = binder.bindText("errors.yaml", "retention: 7d\nextra-scrub-keys: [pin]\n",
                                              ErrorsConfig.class, ErrorsConfig.DEFAULTS);
        assertEquals(Duration.ofDays(7), edited.retention());
        assertEquals(java.util.List.of("pin"), edited.extraScrubKeys());

        assertRefused("occurrences-per-group: 0\n", "occurrences-per-group");
        assertRefused("retention: 10m\n", "retention");
        assertRefused("max-body-bytes: 10\n", "max-body-bytes");
        assertRefused("extra-scrub-keys: ['']\n", "extra-scrub-keys");
        assertRefused("truncate-client-ip: maybe\n", "truncate-client-ip");
    }

    private void assertRefused(String yaml, String key) {
        ConfigException refused = assertThrows(ConfigException.class, () -> binder.bindText(
                "errors.yaml", yaml, ErrorsConfig.class, ErrorsConfig.DEFAULTS));
        assertTrue(refused.getMessage().contains(key), refused.getMessage());
    }
}
