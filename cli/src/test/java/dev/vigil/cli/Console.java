package dev.vigil.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** An {@link Environment} whose output the test reads back. */
final class Console {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Environment environment;

    Console(Map<String, String> variables, Path home, boolean terminal) {
        environment = new Environment(variables, home, bytes, new PrintWriter(out), new PrintWriter(err), terminal,
                                      Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
    }

    int run(String... args) {
        return new Cli(environment).run(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
