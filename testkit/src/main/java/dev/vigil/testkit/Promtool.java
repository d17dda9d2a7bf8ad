package dev.vigil.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's {@code promtool} (package prometheus, installed by the test scripts), run on an exposition. */
public final class Promtool {

    /** What promtool said: nothing, and exit code 0, when it found no problem. */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** {@code promtool check metrics} on an exposition in the Prometheus text format. */
    public static Result checkMetrics(String exposition) throws IOException, InterruptedException {
        return runWithInput(exposition, "check", "metrics");
    }

    /** {@code promtool} with these arguments ({@code check config prometheus.yml}, {@code check rules ...}). */
    public static Result run(String... arguments) throws IOException, InterruptedException {
        return runWithInput(null, arguments);
    }

    private static Result runWithInput(String input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
