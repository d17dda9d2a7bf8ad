package dev.vigil.cli;

import java.io.Console;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may use of the world: environment variables, the distribution's home, standard output (as text
 * and as bytes), standard error, whether output goes to a terminal, and the clock. Tests make their own.
 *
 * @param stdout   the bytes of standard output, for bodies written as they came (a CSV report)
 * @param terminal whether standard output is a terminal: redraws, progress bars and colour only then
 */
record Environment(Map<String, String> variables, Path home, OutputStream stdout, PrintWriter out, PrintWriter err,
                   boolean terminal, Clock clock) {

    static Environment standard() {
        PrintStream stdout = System.out;
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, charset(stdout)));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset(System.err)), true);
        Path home = Path.of(System.getProperty("vigil.home", "")).toAbsolutePath().normalize();
        return new Environment(System.getenv(), home, stdout, out, err, isTerminal(), Clock.systemUTC());
    }

    /** Standard error when nothing else could be set up. */
    static PrintWriter fallbackErr() {
        return new PrintWriter(new FileOutputStream(FileDescriptor.err), true);
    }

    String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Colour on a terminal only, and never when NO_COLOR is set (no-color.org) or the terminal is dumb. */
    boolean colour() {
        return terminal && variable("NO_COLOR") == null && !"dumb".equals(variable("TERM"));
    }

    /** Columns of the terminal when the shell exports them, else 80. */
    int width() {
        try {
            String columns = variable("COLUMNS");
            return columns == null ? 80 : Math.max(40, Integer.parseInt(columns.trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Where the server keeps admin.token: VIGIL_DATA_DIR (relative to the home, as the server reads it) or data/. */
    Path dataDir() {
        String configured = variable("VIGIL_DATA_DIR");
        return home.resolve(configured == null ? "data" : configured).normalize();
    }

    private static Charset charset(PrintStream stream) {
        return stream.charset();
    }

    /**
     * JDK 22 and later may hand out a console whose streams are redirected; {@code Console.isTerminal()} (22+,
     * called reflectively since this compiles for 21) tells. Before 22 a console exists only on a terminal.
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJdk) {
            return true;
        }
    }
}
