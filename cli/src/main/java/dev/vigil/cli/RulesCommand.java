package dev.vigil.cli;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil rules [list|show NAME|set NAME ...]}. */
@Command(name = "rules", header = "List the alert rules; show or change one", mixinStandardHelpOptions = true,
        description = "Alert rules in force, from the config file and the API (viewer token); change one (admin).",
        subcommands = {RulesCommand.ListRules.class, RulesCommand.Show.class, RulesCommand.Set.class})
final class RulesCommand extends ClientCommand {

    @Override
    public Integer call() {
        return list(this);
    }

    static int list(BaseCommand command) {
        Answer answer = command.client().get("/api/v1/alerts/rules");
        if (command.json()) {
            command.printJson(answer);
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "SIGNAL", "LABELS", "WHEN", "WARNING", "CRITICAL", "ENABLED", "SOURCE")
                .right(4, 5);
        for (JsonNode rule : answer.json().path("rules")) {
            table.row(Json.text(rule, "name", "?"),
                      Json.text(rule, "signal", "?") + (rule.path("signal_seen").asBoolean(true) ? "" : " (not seen)"),
                      AlertsCommand.labels(rule.path("labels")), condition(rule),
                      Human.number(Json.number(rule, "warning")), Human.number(Json.number(rule, "critical")),
                      rule.path("enabled").asBoolean() ? "yes" : "no", source(rule));
        }
        command.out().print(table.render(command.style()));
        return ExitCodes.OK;
    }

    /** {@code avg 5m >, 3 in a row}. */
    static String condition(JsonNode rule) {
        String comparison = switch (Json.text(rule, "comparison", "greater").toLowerCase(Locale.ROOT)) {
            case "less" -> "<";
            case "equal" -> "=";
            default -> ">";
        };
        return Json.text(rule, "aggregation", "last") + " " + Json.text(rule, "window", "?") + " " + comparison
                + ", " + Json.whole(rule, "consecutive") + " in a row";
    }

    private static String source(JsonNode rule) {
        String source = Json.text(rule, "source", "?");
        return rule.path("overrides_file_rule").asBoolean() ? source + " (overrides file)" : source;
    }

    /** One rule, field by field. */
    static void show(BaseCommand command, JsonNode rule) {
        KeyValues view = new KeyValues()
                .add("name", Json.text(rule, "name", "?"))
                .add("signal", Json.text(rule, "signal", "?")
                        + (rule.path("signal_seen").asBoolean(true) ? "" : "  (no plugin has published it yet)"))
                .add("labels", AlertsCommand.labels(rule.path("labels")))
                .add("when", condition(rule))
                .add("warning", Human.number(Json.number(rule, "warning")))
                .add("critical", Human.number(Json.number(rule, "critical")))
                .add("cooldown", Json.text(rule, "cooldown", "-"))
                .add("enabled", rule.path("enabled").asBoolean() ? "yes" : "no")
                .add("source", source(rule))
                .add("updated", rule.hasNonNull("updated_at") ? Json.text(rule, "updated_at", "") + " by "
                        + Json.text(rule, "updated_by", "?") : "-")
                .add("description", Json.text(rule, "description", "-"));
        command.out().print(view.render(command.style()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every rule in force.")
    static final class ListRules extends ClientCommand {
        @Override
        public Integer call() {
            return list(this);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One rule.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The rule's name, e.g. cpu-usage.")
        String name;

        @Override
        public Integer call() {
            Answer answer = client().get("/api/v1/alerts/rules/" + VigilClient.segment(name));
            if (json()) {
                printJson(answer);
            } else {
                show(this, answer.json());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change some fields of a rule, keeping the others (admin token). A rule of the config "
                    + "file becomes an API override of it; 'vigil rules show NAME' then says so.",
                "Example: vigil rules set cpu-usage --warning 70 --critical 90"})
    static final class Set extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The rule's name.")
        String name;

        @Option(names = "--warning", paramLabel = "NUMBER", description = "The warning threshold.")
        Double warning;

        @Option(names = "--critical", paramLabel = "NUMBER", description = "The critical threshold.")
        Double critical;

        @ArgGroup(exclusive = true)
        Switch enabled;

        /** --enable or --disable, not both. */
        static final class Switch {
            @Option(names = "--enable", required = true, description = "Switch the rule on.")
            boolean enable;

            @Option(names = "--disable", required = true, description = "Switch the rule off.")
            boolean disable;
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            if (warning != null) {
                body.put("warning", warning);
            }
            if (critical != null) {
                body.put("critical", critical);
            }
            if (enabled != null) {
                body.put("enabled", enabled.enable);
            }
            if (body.isEmpty()) {
                throw Failure.usage("rules set " + Text.safe(name) + ": nothing to change; give --warning, --critical, "
                                            + "--enable or --disable");
            }
            Answer answer = client().send("PATCH", "/api/v1/alerts/rules/" + VigilClient.segment(name), body);
            if (json()) {
                printJson(answer);
            } else {
                show(this, answer.json());
            }
            return ExitCodes.OK;
        }
    }
}
