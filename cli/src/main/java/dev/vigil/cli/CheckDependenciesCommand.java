package dev.vigil.cli;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil check-dependencies [--wait] [--fail-on SEVERITY]}: a gate for CI pipelines. */
@Command(name = "check-dependencies", header = "Scan for vulnerable libraries (a CI gate: exit 3)", mixinStandardHelpOptions = true,
        description = {"Scan the server's libraries, its plugins and the configured paths for known vulnerabilities "
                + "and outdated versions (OWASP dependency-check; admin token), then print the report.",
            "Without --wait the scan goes on in the server and the report is the latest finished one."},
        footerHeading = "%n",
        footer = {"Exit codes:",
            "  0  fine, or no --fail-on given",
            "  1  the scan failed, or the server refused",
            "  2  bad usage, or the server cannot be reached",
            "  3  a vulnerability at or above --fail-on (unscored ones count as medium)",
            "  4  --fail-on given, but vulnerabilities were NOT checked (no vulnerability",
            "     data configured, or no scan finished yet): a gate that saw nothing",
            "     does not pass; --allow-unchecked makes this 0",
            "Example, in a CI pipeline:",
            "  bin/vigil check-dependencies --wait --fail-on high"})
final class CheckDependenciesCommand extends ClientCommand {

    private static final int LISTED = 20;

    @Option(names = "--wait", description = "Follow the scan until it ends, with its progress.")
    boolean await;

    @Option(names = "--fail-on", paramLabel = "low|medium|high|critical",
            description = "Exit 3 when a vulnerability of this severity or above is known.")
    DependencyVerdict.FailOn failOn;

    @Option(names = "--allow-unchecked",
            description = "Exit 0 rather than 4 when vulnerabilities could not be checked.")
    boolean allowUnchecked;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "With --wait: give up after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        JsonNode scan = client().send("POST", "/api/v1/dependencies/scan", null).json();
        String jobId = Json.text(scan, "job_id", "?");
        String statusPath = Json.text(scan, "status_url", "/api/v1/dependencies/jobs/" + VigilClient.segment(jobId));
        boolean text = !json();
        if (text) {
            out().println((scan.path("already_running").asBoolean() ? "a scan was already running: job "
                    : "scan started: job ") + Text.safe(jobId));
        }
        JsonNode job = null;
        if (await) {
            ProgressView view = ProgressView.of(environment().terminal(), text ? out() : environment().err(),
                                                "dependency-check", environment().width());
            job = new JobFollower(client(), environment()).follow(statusPath, view, timeout);
            String state = Json.text(job, "state", "?");
            if (!state.equals("SUCCEEDED")) {
                throw Failure.failed("the scan " + state + ": " + Text.oneLine(Json.text(job, "error",
                        Json.text(job, "message", "no reason given")), 300));
            }
        }
        Answer answer = client().get("/api/v1/dependencies/report");
        JsonNode report = answer.json();
        DependencyVerdict.Verdict verdict = DependencyVerdict.decide(report, failOn, allowUnchecked);
        if (!text) {
            ObjectNode document = Json.object();
            document.set("scan", scan);
            document.set("job", job);
            document.set("report", report);
            ObjectNode decided = document.putObject("verdict");
            decided.put("fail_on", failOn == null ? null : failOn.name());
            decided.put("exit_code", verdict.exitCode());
            decided.put("message", verdict.message());
            printJson(document);
            return verdict.exitCode();
        }
        if (!await) {
            out().println("not waiting for it (add --wait): below is the latest finished scan");
        }
        printReport(report);
        String line = (failOn == null ? "" : "--fail-on " + failOn + ": ") + verdict.message()
                + (failOn == null ? "" : " (exit " + verdict.exitCode() + ")");
        out().println(style().paint(verdict.exitCode() == ExitCodes.OK ? Style.GREEN : Style.RED, line));
        return verdict.exitCode();
    }

    private void printReport(JsonNode report) {
        if (!report.path("scanned").asBoolean(false)) {
            out().println("no scan has finished yet");
            return;
        }
        JsonNode summary = report.path("summary");
        JsonNode outdated = summary.path("outdated");
        out().println("scanned " + Human.relative(Json.text(report, "scanned_at", null), now()) + ": "
                              + Json.whole(summary, "targets") + " targets, " + Json.whole(summary, "components")
                              + " components, " + Json.whole(outdated, "total") + " outdated (major "
                              + Json.whole(outdated, "major") + ", minor " + Json.whole(outdated, "minor")
                              + ", patch " + Json.whole(outdated, "patch") + ")");
        JsonNode counts = summary.path("vulnerabilities");
        if (report.path("vulnerabilities_checked").asBoolean(false)) {
            JsonNode score = report.path("health").path("score");
            out().println("vulnerabilities: " + Json.whole(counts, "total") + " (critical " + Json.whole(counts,
                    "critical") + ", high " + Json.whole(counts, "high") + ", medium " + Json.whole(counts, "medium")
                                  + ", low " + Json.whole(counts, "low") + ", unknown " + Json.whole(counts,
                    "unknown") + "); health score " + (score.isNumber() ? score.asText() : "none"));
        } else {
            // No count here: a zero would read as "none found" (the server publishes none either).
            out().println(style().paint(Style.YELLOW, "vulnerabilities: NOT CHECKED")
                                  + (Json.whole(counts, "total") > 0 ? " everywhere (" + Json.whole(counts, "total")
                    + " found where they were)" : ""));
            out().println("  " + Text.safe(Json.text(report, "message", "no vulnerability data was used")));
        }
        JsonNode vulnerabilities = report.path("vulnerabilities");
        if (!vulnerabilities.isEmpty()) {
            Table table = new Table("SEVERITY", "ID", "CVSS", "COMPONENT", "WHERE").right(2)
                    .colour(0, Style::colourOf);
            int shown = 0;
            for (JsonNode vulnerability : vulnerabilities) {
                if (shown++ == LISTED) {
                    break;
                }
                JsonNode component = vulnerability.path("component");
                table.row(Json.text(vulnerability, "severity", "?").toLowerCase(java.util.Locale.ROOT),
                          Json.text(vulnerability, "id", "?"), Human.number(Json.number(vulnerability, "cvss_score")),
                          Json.text(component, "name", "?") + " " + Json.text(component, "version", ""),
                          Json.text(component, "target", "-"));
            }
            out().print(table.render(style()));
            if (vulnerabilities.size() > LISTED) {
                out().println("... and " + (vulnerabilities.size() - LISTED) + " more (--output json lists all)");
            }
        }
    }
}
