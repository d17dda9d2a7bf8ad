package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil alerts [--severity --active-only --hours]}, {@code alerts ack|resolve ID...}. */
@Command(name = "alerts", header = "List alerts; acknowledge or resolve some", mixinStandardHelpOptions = true,
        description = "Alerts started in the last --hours or still active, newest first (viewer token); "
                + "acknowledge or resolve some (admin token).",
        subcommands = {AlertsCommand.Acknowledge.class, AlertsCommand.Resolve.class})
final class AlertsCommand extends ClientCommand {

    /** The severities an alert can have. */
    enum Severity { warning, critical }

    @Option(names = "--severity", paramLabel = "warning|critical", description = "Only alerts of this severity.")
    Severity severity;

    @Option(names = "--active-only", description = "Only alerts still active.")
    boolean activeOnly;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "24",
            description = "Alerts started within the last N hours (default ${DEFAULT-VALUE}), plus every active one.")
    int hours;

    @Option(names = "--rule", paramLabel = "NAME", description = "Only alerts of this rule.")
    String rule;

    @Override
    public Integer call() {
        Map<String, Object> query = VigilClient.parameters();
        query.put("active_only", activeOnly ? "true" : null);
        query.put("severity", severity);
        query.put("hours", hours);
        query.put("rule", rule);
        Answer answer = client().get("/api/v1/alerts" + VigilClient.query(query));
        if (json()) {
            printJson(answer);
            return ExitCodes.OK;
        }
        JsonNode alerts = answer.json().path("alerts");
        if (alerts.isEmpty()) {
            out().println(activeOnly ? "no active alerts" : "no alerts in the last " + hours + "h");
            return ExitCodes.OK;
        }
        out().print(table(alerts, now()).render(style()));
        return ExitCodes.OK;
    }

    /** The alerts as a table. */
    static Table table(JsonNode alerts, java.time.Instant now) {
        Table table = new Table("ID", "SEVERITY", "STATUS", "RULE", "LABELS", "VALUE", "THRESHOLD", "STARTED",
                                "MESSAGE").right(0, 5, 6).colour(1, Style::colourOf);
        for (JsonNode alert : alerts) {
            String status = Json.text(alert, "status", "?");
            if (status.equals("active") && alert.hasNonNull("acknowledged_at")) {
                status = "acked by " + Json.text(alert, "acknowledged_by", "?");
            }
            table.row(Json.whole(alert, "id"), Json.text(alert, "severity", "?"), status,
                      Json.text(alert, "rule", "?"), labels(alert.path("labels")),
                      Human.number(Json.number(alert, "value")), Human.number(Json.number(alert, "threshold")),
                      Human.relative(Json.text(alert, "started_at", null), now),
                      Text.oneLine(Json.text(alert, "message", ""), 120));
        }
        return table;
    }

    /** {@code service=shop endpoint=/x}, or "-" for none. */
    static String labels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        labels.properties().forEach(label -> pairs.add(label.getKey() + "=" + label.getValue().asText()));
        return pairs.isEmpty() ? "-" : String.join(" ", pairs);
    }

    /** ack and resolve: the bulk routes, one outcome per id. */
    abstract static class Bulk extends ClientCommand {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Alert ids (as listed by vigil alerts).")
        List<Long> ids;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Kept in each alert's history.")
        String comment;

        abstract String action();

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            ids.forEach(body.putArray("ids")::add);
            if (comment != null) {
                body.put("comment", comment);
            }
            Answer answer = client().send("POST", "/api/v1/alerts/" + action(), body);
            JsonNode results = answer.json().path("results");
            int code = BulkOutcomes.exitCode(results);
            if (json()) {
                printJson(answer);
                return code;
            }
            Table table = new Table("ID", "OUTCOME", "DETAIL").right(0).colour(1, Style::colourOf);
            for (JsonNode result : results) {
                JsonNode alert = result.path("alert");
                String detail = result.hasNonNull("error") ? Json.text(result, "error", "")
                        : alert.isObject() ? Json.text(alert, "rule", "") + " " + labels(alert.path("labels")) : "";
                table.row(Json.whole(result, "id"), Json.text(result, "outcome", "?"), Text.oneLine(detail, 120));
            }
            out().print(table.render(style()));
            if (code != ExitCodes.OK) {
                out().println(BulkOutcomes.summary(results));
            }
            return code;
        }
    }

    @Command(name = "ack", aliases = "acknowledge", mixinStandardHelpOptions = true,
            description = {"Acknowledge alerts: they stay active, marked as seen (admin token).",
                "Exits 1 when an id was not found or could not be changed; an alert already resolved counts "
                        + "as done."})
    static final class Acknowledge extends Bulk {
        @Override
        String action() {
            return "acknowledge";
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Resolve alerts by hand; each rule's cooldown starts (admin token).",
                "Exits 1 when an id was not found or could not be changed; an alert already resolved counts "
                        + "as done."})
    static final class Resolve extends Bulk {
        @Override
        String action() {
            return "resolve";
        }
    }
}
