package dev.vigil.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil baseline [--minutes N]}: POST /api/v1/alerts/baseline. */
@Command(name = "baseline", header = "Establish baselines for regression alerts", mixinStandardHelpOptions = true,
        description = {"Establish baselines of what normal looks like, from the last --minutes of each signal "
                + "(admin token); regressions against them raise alerts.",
            "The server refuses (exit 1) when no series has enough data yet, saying how many minutes it has."})
final class BaselineCommand extends ClientCommand {

    @Option(names = "--minutes", paramLabel = "N",
            description = "The window to learn from (default: the server's baseline.default-duration-minutes, 60).")
    Integer minutes;

    @Option(names = "--signal", paramLabel = "NAME",
            description = "A signal to baseline (repeatable; default: the server's configured list).")
    List<String> signals;

    @Override
    public Integer call() {
        ObjectNode body = Json.object();
        if (minutes != null) {
            body.put("duration_minutes", minutes);
        }
        if (signals != null) {
            signals.forEach(body.putArray("signals")::add);
        }
        Answer answer = client().send("POST", "/api/v1/alerts/baseline", body);
        if (json()) {
            printJson(answer);
            return ExitCodes.OK;
        }
        JsonNode result = answer.json();
        JsonNode established = result.path("established");
        out().println("established " + established.size() + " baseline(s) over " + Json.whole(result,
                "duration_minutes") + " minutes (" + Json.text(result, "window_start", "?") + " to "
                              + Json.text(result, "window_end", "?") + ")");
        if (!established.isEmpty()) {
            Table table = new Table("SIGNAL", "LABELS", "MEAN", "STDDEV", "P95", "MIN", "MAX", "POINTS")
                    .right(2, 3, 4, 5, 6, 7);
            for (JsonNode baseline : established) {
                table.row(Json.text(baseline, "signal", "?"), AlertsCommand.labels(baseline.path("labels")),
                          Human.number(Json.number(baseline, "mean")), Human.number(Json.number(baseline, "stddev")),
                          Human.number(Json.number(baseline, "p95")), Human.number(Json.number(baseline, "min")),
                          Human.number(Json.number(baseline, "max")), Json.whole(baseline, "points"));
            }
            out().print(table.render(style()));
        }
        JsonNode skipped = result.path("skipped");
        if (!skipped.isEmpty()) {
            out().println(skipped.size() + " series skipped:");
            Table table = new Table("SIGNAL", "LABELS", "POINTS", "REASON").right(2);
            for (JsonNode skip : skipped) {
                table.row(Json.text(skip, "signal", "?"), AlertsCommand.labels(skip.path("labels")),
                          Json.whole(skip, "points"), Json.text(skip, "reason", ""));
            }
            out().print(table.render(style()));
        }
        return ExitCodes.OK;
    }
}
