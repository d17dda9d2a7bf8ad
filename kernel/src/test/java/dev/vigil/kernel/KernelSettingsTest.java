package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

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
}
