package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil plugins [list|start|stop|reload ID]}. */
@Command(name = "plugins", header = "List the plugins; start, stop or reload one", mixinStandardHelpOptions = true,
        description = "The plugins and their state (viewer token); start, stop or reload one (admin token).",
        subcommands = {PluginsCommand.ListPlugins.class, PluginsCommand.Start.class, PluginsCommand.Stop.class,
            PluginsCommand.Reload.class})
final class PluginsCommand extends ClientCommand {

    @Override
    public Integer call() {
        return list(this);
    }

    static int list(BaseCommand command) {
        Answer answer = command.client().get("/api/v1/admin/plugins");
        if (command.json()) {
            command.printJson(answer);
            return ExitCodes.OK;
        }
        Table table = new Table("ID", "STATE", "HEALTH", "VERSION", "STARTED", "ERROR")
                .colour(1, Style::colourOf).colour(2, Style::colourOf);
        for (JsonNode plugin : answer.json().path("plugins")) {
            table.row(Json.text(plugin, "id", "?"), Json.text(plugin, "state", "?"), Json.text(plugin, "health", null),
                      Json.text(plugin, "version", null),
                      Human.relative(Json.text(plugin, "started_at", null), command.now()),
                      Text.oneLine(Json.text(plugin, "error", ""), 100));
        }
        command.out().print(table.render(command.style()));
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every plugin: state, health, version.")
    static final class ListPlugins extends ClientCommand {
        @Override
        public Integer call() {
            return list(this);
        }
    }

    /** start, stop and reload: POST, then say the state the plugin is in now. */
    abstract static class Change extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The plugin's id, e.g. requests.")
        String id;

        abstract String action();

        @Override
        public Integer call() {
            Answer answer = client().send("POST", "/api/v1/admin/plugins/" + VigilClient.segment(id) + "/"
                    + action(), null);
            JsonNode plugin = answer.json();
            String state = Json.text(plugin, "state", "?");
            boolean failed = state.equals("FAILED");
            if (json()) {
                printJson(answer);
            } else {
                out().println(Text.safe(id) + ": " + style().paint(Style.colourOf(state), state)
                                      + (failed ? " - " + Text.oneLine(Json.text(plugin, "error", ""), 300) : ""));
            }
            return failed ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a stopped (or failed) plugin (admin token).")
    static final class Start extends Change {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a plugin: its routes, tasks and subscriptions go (admin token).")
    static final class Stop extends Change {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Stop, unload, load the plugin's file again and start it (admin token).")
    static final class Reload extends Change {
        @Override
        String action() {
            return "reload";
        }
    }
}
