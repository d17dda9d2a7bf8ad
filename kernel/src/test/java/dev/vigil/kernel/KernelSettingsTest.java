package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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

    @Test
    void thePublicUrlIsOptionalAndTheEnvironmentOverridesTheFile() throws Exception {
        assertEquals(Optional.empty(), KernelSettings.load(home, Path.of("../config").toAbsolutePath(), Map.of())
                .publicUrl(), "the shipped file sets none");

        Files.writeString(home.resolve("vigil.yaml"), "server:\n  public-url: https://vigil.example.com/ops/\n");
        assertEquals(Optional.of(URI.create("https://vigil.example.com/ops")),
                     KernelSettings.load(home, home, Map.of()).publicUrl(), "without its trailing slash");
        assertEquals(Optional.of(URI.create("http://10.0.0.5:8080")),
                     KernelSettings.load(home, home, Map.of("VIGIL_PUBLIC_URL", "http://10.0.0.5:8080"))
                             .publicUrl());
    }

    @Test
    void aPublicUrlThatCannotBeLinkedToIsRefusedNamingTheSetting() throws Exception {
        for (String bad : new String[] {"vigil.example.com", "ftp://vigil.example.com", "https://",
                                        "https://vigil.example.com/?x=1", "https://vigil.example.com/#/alerts",
                                        "https://admin:pw@vigil.example.com", "https://vigil example.com"}) {
            Files.writeString(home.resolve("vigil.yaml"), "server:\n  public-url: \"" + bad + "\"\n");
            ConfigException error = assertThrows(ConfigException.class,
                                                 () -> KernelSettings.load(home, home, Map.of()), bad);
            assertTrue(error.getMessage().contains("server.public-url"), error.getMessage());
            assertFalse(bad.contains("pw") && error.getMessage().contains("pw"), error.getMessage());
        }
        Files.writeString(home.resolve("vigil.yaml"), "server:\n  port: 8080\n");
        ConfigException error = assertThrows(ConfigException.class, () -> KernelSettings.load(
                home, home, Map.of("VIGIL_PUBLIC_URL", "vigil.example.com")));
        assertTrue(error.getMessage().contains("VIGIL_PUBLIC_URL"), error.getMessage());
    }
}
