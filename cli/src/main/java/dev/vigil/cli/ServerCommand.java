package dev.vigil.cli;

import picocli.CommandLine.Command;

/** Listed so that the help shows it; bin/vigil itself starts the server and never comes here. */
@Command(name = "server", header = "Start the server (what bin/vigil alone does)", mixinStandardHelpOptions = true,
        description = "Start the Vigil server in the foreground: what bin/vigil does with no command. "
                + "Settings come from config/vigil.yaml and the environment (VIGIL_PORT, VIGIL_DATA_DIR, ...).")
final class ServerCommand extends ClientCommand {

    @Override
    public Integer call() {
        throw Failure.usage("the server is started by bin/vigil itself: run bin/vigil server (or bin/vigil alone)");
    }
}
