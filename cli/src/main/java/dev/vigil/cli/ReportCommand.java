package dev.vigil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil report}: GET /api/v1/reports (the reports plugin), written as it came. Its {@code --output} is a
 * file, so it takes the connection options only; {@code --format} says JSON or CSV.
 */
@Command(name = "report", header = "A performance report, as JSON or CSV", mixinStandardHelpOptions = true,
        description = {"A performance report from the reports plugin: requests, percentiles and error rates, "
                + "slowest endpoints, queries and N+1 findings, errors, system resources, alerts and dependency "
                + "health (viewer token).",
            "Written as the server sends it, to standard output or to --output FILE."})
final class ReportCommand extends BaseCommand {

    /** The report's kind. */
    enum Type { summary, detailed }

    /** The report's format. */
    enum Format { json, csv }

    @Mixin
    ConnectionOptions connectionOptions;

    @Option(names = "--type", paramLabel = "summary|detailed", defaultValue = "summary",
            description = "summary (the combined overview, default) or detailed (per endpoint).")
    Type type;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "24",
            description = "The window: the last N hours (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--format", paramLabel = "json|csv", defaultValue = "json",
            description = "json (default) or csv (one table per section, with a section column).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE.")
    Path file;

    @Override
    ConnectionOptions connection() {
        return connectionOptions;
    }

    @Override
    public Integer call() {
        Map<String, Object> query = VigilClient.parameters();
        query.put("type", type);
        query.put("hours", hours);
        query.put("format", format);
        Answer answer = client().get("/api/v1/reports" + VigilClient.query(query));
        if (file == null) {
            try {
                environment().out().flush();
                environment().stdout().write(answer.body());
                environment().stdout().flush();
            } catch (IOException e) {
                throw Failure.failed("cannot write the report to standard output: " + e.getMessage());
            }
            return ExitCodes.OK;
        }
        write(answer.body());
        out().println("wrote the " + type + " report (" + format + ", last " + hours + "h, "
                              + Human.bytes(answer.body().length) + ") to " + file);
        return ExitCodes.OK;
    }

    /** Through a temporary file and a rename, so that a reader never sees half a report. */
    private void write(byte[] body) {
        Path target = file.toAbsolutePath();
        try {
            Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.write(temporary, body);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            throw Failure.failed("cannot write " + file + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()));
        }
    }
}
