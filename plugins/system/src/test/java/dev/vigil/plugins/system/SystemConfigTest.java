package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** The config as the kernel binds it: kebab-case YAML over the defaults, errors naming the key. */
class SystemConfigTest {

    private final YamlBinder binder = new YamlBinder();

    private SystemConfig bind(String yaml) throws ConfigException {
        return binder.bindText("system.yaml", yaml, SystemConfig.class, SystemConfig.DEFAULTS);
    }

    private String error(String yaml) {
        return assertThrows(ConfigException.class, () -> bind(yaml)).getMessage();
    }

    @Test
    void theShippedFileHoldsExactlyTheDefaults() throws Exception {
        assertEquals(SystemConfig.DEFAULTS, binder.bind(Path.of("../../config/plugins/system.yaml"),
                                                        SystemConfig.class, SystemConfig.DEFAULTS));
    }

    @Test
    void oneThresholdCanBeChangedAndTheOthersKeepTheirDefaults() throws Exception {
        SystemConfig config = bind("interval: 2s\nthresholds:\n  memory-percent:\n    warning: 50\n");
        assertEquals(Duration.ofSeconds(2), config.interval());
        assertEquals(new SystemConfig.Limits(50, 90), config.thresholds().memoryPercent());
        assertEquals(new SystemConfig.Limits(70, 90), config.thresholds().cpuPercent());
        assertEquals(new SystemConfig.Limits(80, 95), config.thresholds().diskPercent());
        assertEquals(List.of(), config.ignoreMounts());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        String inverted = error("thresholds:\n  cpu-percent:\n    warning: 95\n");
        assertTrue(inverted.contains("thresholds.cpu-percent") && inverted.contains("must not be above critical"),
                   inverted);
        String overHundred = error("thresholds:\n  disk-percent:\n    critical: 120\n");
        assertTrue(overHundred.contains("thresholds.disk-percent") && overHundred.contains("0 to 100"), overHundred);
        assertTrue(error("interval: 100ms\n").contains("interval must be between 1s and 1h"));
        assertTrue(error("retention: 10m\n").contains("retention must be between 1h and 3650d"));
        assertTrue(error("interval: often\n").contains("interval"));
        assertTrue(error("ignore-mounts: [\"/a[\"]\n").contains("ignore-mounts[0]"));
        assertTrue(error("thresholds:\n  gpu-percent: {warning: 1, critical: 2}\n").contains("gpu-percent"));
    }
}
