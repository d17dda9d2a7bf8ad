package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which server and which token a command uses, and what it says about the token's origin. */
class TargetTest {

    @TempDir
    Path home;

    private Environment environment(Map<String, String> variables) {
        return new Console(variables, home, false).environment;
    }

    @Test
    void theOptionWinsOverTheVariableWhichWinsOverTheFile() throws Exception {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/admin.token"), "from-file\n");
        Environment withVariable = environment(Map.of("VIGIL_TOKEN", "from-variable"));
        assertEquals("from-option", Target.resolve(null, "from-option", withVariable).token());
        assertEquals("--token", Target.resolve(null, "from-option", withVariable).tokenSource());
        assertEquals("from-variable", Target.resolve(null, null, withVariable).token());
        assertEquals("VIGIL_TOKEN", Target.resolve(null, null, withVariable).tokenSource());
        Target fromFile = Target.resolve(null, null, environment(Map.of()));
        assertEquals("from-file", fromFile.token());
        assertEquals(home.resolve("data/admin.token").toString(), fromFile.tokenSource());
    }

    @Test
    void theFileFollowsVigilDataDirRelativeToTheHome() throws Exception {
        Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(home.resolve("elsewhere/admin.token"), "moved");
        assertEquals("moved", Target.resolve(null, null, environment(Map.of("VIGIL_DATA_DIR", "elsewhere"))).token());
    }

    @Test
    void withoutAnyTokenTheSourceSaysWhereTokensAreLookedFor() {
        Target none = Target.resolve(null, null, environment(Map.of()));
        assertNull(none.token());
        assertTrue(none.tokenSource().contains("VIGIL_TOKEN"), none.tokenSource());
        assertTrue(none.tokenSource().contains("admin.token"), none.tokenSource());
    }

    @Test
    void theUrlComesFromTheOptionTheVariableOrTheDefaultAndMustBeAServerUrl() {
        assertEquals("http://localhost:8080", Target.resolve(null, null, environment(Map.of())).url());
        assertEquals("https://vigil.example.com",
                     Target.resolve(null, null, environment(Map.of("VIGIL_URL", "https://vigil.example.com/"))).url());
        assertEquals("http://127.0.0.1:9", Target.resolve("http://127.0.0.1:9", null,
                                                          environment(Map.of("VIGIL_URL", "http://x:1"))).url());
        Failure bad = assertThrows(Failure.class, () -> Target.resolve("localhost:8080", null, environment(Map.of())));
        assertEquals(ExitCodes.USAGE_OR_UNREACHABLE, bad.exitCode());
        assertTrue(bad.getMessage().startsWith("--url: 'localhost:8080'"), bad.getMessage());
        assertFalse(bad.getMessage().contains("Exception"));
    }
}
