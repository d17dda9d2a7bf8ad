package dev.vigil.kernel.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("promtool did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
