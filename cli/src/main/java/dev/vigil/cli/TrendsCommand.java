package dev.vigil.cli;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil trends [--signal --hours]}: GET /api/v1/alerts/trends. */
@Command(name = "trends", header = "Whether a signal is improving, degrading or stable", mixinStandardHelpOptions = true,
        description = "Whether a signal is improving, degrading or stable: the last --hours against the --hours "
                + "before, per series (Mann-Whitney U test; viewer token).")
final class TrendsCommand extends ClientCommand {

    @Option(names = "--signal", paramLabel = "NAME", defaultValue = "requests.p95_ms",
            description = "The signal (default ${DEFAULT-VALUE}).")
    String signal;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "1",
            description = "Each window's length, 1 to 168 (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Only series with this label (repeatable).")
    Map<String, String> labels;

    @Override
    public Integer call() {
        Map<String, Object> query = VigilClient.parameters();
        query.put("signal", signal);
        query.put("hours", hours);
        if (labels != null) {
            labels.forEach((name, value) -> query.put("label." + name, value));
        }
        Answer answer = client().get("/api/v1/alerts/trends" + VigilClient.query(query));
        if (json()) {
            printJson(answer);
            return ExitCodes.OK;
        }
        JsonNode trends = answer.json().path("trends");
        if (trends.isEmpty()) {
            out().println("no series of " + Text.safe(signal) + " in the last " + 2 * hours + "h");
            return ExitCodes.OK;
        }
        Table table = new Table("SIGNAL", "LABELS", "TREND", "CHANGE", "CONFIDENCE", "PREVIOUS", "CURRENT",
                                "MESSAGE").right(3, 4, 5, 6).colour(2, Style::colourOf);
        for (JsonNode trend : trends) {
            Double change = Json.number(trend, "change_percent");
            Double confidence = Json.number(trend, "confidence");
            table.row(Json.text(trend, "signal", "?"), AlertsCommand.labels(trend.path("labels")),
                      Json.text(trend, "trend", "?"),
                      change == null ? null : (change > 0 ? "+" : "") + Human.percent(change),
                      confidence == null ? null : Human.percent(confidence * 100),
                      Human.number(Json.number(trend.path("previous"), "median")),
                      Human.number(Json.number(trend.path("current"), "median")),
                      Text.oneLine(Json.text(trend, "message", ""), 100));
        }
        out().print(table.render(style()));
        return ExitCodes.OK;
    }
}
