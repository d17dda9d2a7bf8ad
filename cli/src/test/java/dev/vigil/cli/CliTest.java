package dev.vigil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, help and failures that need no server, in process. */
class CliTest {

    private static final String[] COMMANDS = {"server", "status", "health", "plugins", "alerts", "rules", "baseline",
        "trends", "check-dependencies", "train", "report", "test-notification", "tokens", "watch", "completion"};

    @TempDir
    Path home;

    private Console console(Map<String, String> variables) {
        return new Console(variables, home, false);
    }

    @Test
    void helpListsEveryCommandTheEnvironmentAndTheExitCodes() {
        Console console = console(Map.of());
        assertEquals(0, console.run("--help"));
        for (String command : COMMANDS) {
            assertTrue(console.out().contains("\n  " + command + " "), command + " in:\n" + console.out());
        }
        assertTrue(console.out().contains("VIGIL_TOKEN"), console.out());
        assertTrue(console.out().contains("3  check-dependencies"), console.out());
        assertFalse(console.out().contains("\u001b"), "no colour off a terminal");
        Console help = console(Map.of());
        assertEquals(0, help.run("help", "check-dependencies"));
        assertTrue(help.out().contains("--fail-on"), help.out());
    }

    @Test
    void badUsageIsPicoclisUsageMessageAndExit2() {
        Console unknown = console(Map.of());
        assertEquals(2, unknown.run("statsu"));
        assertTrue(unknown.err().contains("Did you mean: vigil status"), unknown.err());
        Console missing = console(Map.of());
        assertEquals(2, missing.run("alerts", "ack"));
        assertTrue(missing.err().contains("Missing required parameter: 'ID'"), missing.err());
        assertTrue(missing.err().contains("Usage: vigil alerts ack"), missing.err());
        Console notANumber = console(Map.of());
        assertEquals(2, notANumber.run("alerts", "resolve", "seven"));
        Console badRole = console(Map.of());
        assertEquals(2, badRole.run("tokens", "create", "x", "--role", "root"));
        assertTrue(badRole.err().contains("admin, viewer, ingest"), badRole.err());
        Console nothing = console(Map.of());
        assertEquals(2, nothing.run("rules", "set", "cpu-usage"));
        assertEquals("vigil: rules set cpu-usage: nothing to change; give --warning, --critical, --enable or "
                             + "--disable\n", nothing.err());
        Console both = console(Map.of());
        assertEquals(2, both.run("rules", "set", "cpu-usage", "--enable", "--disable"));
        Console noCommand = console(Map.of());
        assertEquals(2, noCommand.run("--url", "http://127.0.0.1:1"));
        assertTrue(noCommand.err().contains("Name a command"), noCommand.err());
        Console server = console(Map.of());
        assertEquals(2, server.run("server"));
        assertTrue(server.err().contains("bin/vigil server"), server.err());
    }

    @Test
    void anUnreachableServerIsOneLineNamingTheUrlAndExit2() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Console console = console(Map.of("VIGIL_URL", url, "VIGIL_TOKEN", "secret-token-value"));
        assertEquals(2, console.run("status"));
        assertEquals("vigil: cannot reach " + url + ": connection refused\n", console.err());
        assertEquals("", console.out());
        Console option = console(Map.of("VIGIL_URL", "http://127.0.0.1:1"));
        assertEquals(2, option.run("plugins", "list", "--url", url));
        assertTrue(option.err().startsWith("vigil: cannot reach " + url + ":"), "--url after the command wins");
        Console before = console(Map.of());
        assertEquals(2, before.run("--url", url, "health"));
        assertTrue(before.err().startsWith("vigil: cannot reach " + url + ":"), "--url before the command counts");
    }

    @Test
    void anUnexpectedErrorIsOneLineWithoutAStackTraceUnlessVigilDebugAsksForIt() {
        Console console = console(Map.of());
        assertEquals(1, Failures.report(new IllegalStateException("boom\nsecond line"),
                                        console.environment.err(), null));
        assertEquals("vigil: unexpected error: IllegalStateException: boom (VIGIL_DEBUG=1 shows the details)\n",
                     console.err());
        Console debug = console(Map.of());
        Failures.report(new IllegalStateException("boom"), debug.environment.err(), "1");
        assertTrue(debug.err().contains("\tat dev.vigil.cli.CliTest"), debug.err());
    }

    @Test
    void theCompletionScriptCompletesEveryCommand() {
        Console console = console(Map.of());
        assertEquals(0, console.run("completion"));
        for (String command : COMMANDS) {
            assertTrue(console.out().contains(command), command);
        }
        assertTrue(console.out().contains("complete -F _complete_vigil"), console.out());
    }
}
