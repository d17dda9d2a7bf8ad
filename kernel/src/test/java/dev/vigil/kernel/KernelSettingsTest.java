package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.limits.LimitSettings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSettingsTest {

    @TempDir
    Path home;

    @Test
    void printedSettingsShowNoCredentialOrToken() throws Exception {
        KernelSettings settings = KernelSettings.load(home, home.resolve("config"), Map.of(
                "VIGIL_STORAGE_URL", "jdbc:postgresql://db.internal:5432/vigil?user=vigil&password=hunter2",
                "VIGIL_STORAGE_PASSWORD", "s3cret-pw",
                "VIGIL_ADMIN_TOKEN", "tok-0123456789"));

        String printed = settings.toString();

        for (String secret : new String[] {"hunter2", "s3cret-pw", "tok-0123456789", "/vigil?"}) {
            assertFalse(printed.contains(secret), () -> secret + " in " + printed);
        }
        assertTrue(printed.contains("storageUrl=jdbc:postgresql://db.internal:5432/***"), printed);
        assertTrue(printed.contains("plainTokens=[admin]"), printed);
    }

    @Test
    void theShippedFileSetsTheDefaultLimits() throws Exception {
        KernelSettings settings = KernelSettings.load(home, Path.of("../config").toAbsolutePath(), Map.of());
        assertEquals(LimitSettings.DEFAULTS, settings.limits());
    }

    @Test
    void aLimitLeftOutKeepsItsDefaultAndABadOneIsNamed() throws Exception {
        Files.writeString(home.resolve("vigil.yaml"), "limits:\n  ingest-records-per-second: 500\n");
        assertEquals(new LimitSettings(500, 0, 4), KernelSettings.load(home, home, Map.of()).limits());

        Files.writeString(home.resolve("vigil.yaml"), "limits:\n  live-streams: 0\n");
        ConfigException error = assertThrows(ConfigException.class, () -> KernelSettings.load(home, home, Map.of()));
        assertTrue(error.getMessage().contains("limits.live-streams must be between 1 and 10000"), error.getMessage());
    }
}
