package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil}: the commands, and what they share. */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Vigil, a self-hosted performance-monitoring server, and a command line for it.",
            "",
            "  bin/vigil                  start the server (the same as bin/vigil server)",
            "  bin/vigil COMMAND [...]    talk to a running server over its API",
            "  bin/vigil help COMMAND     what a command does, with its options"},
        commandListHeading = "%nCommands:%n",
        optionListHeading = "%nOptions (accepted before or after the command's name):%n",
        subcommands = {
            ServerCommand.class, StatusCommand.class, HealthCommand.class, PluginsCommand.class,
            AlertsCommand.class, RulesCommand.class, BaselineCommand.class, TrendsCommand.class,
            CheckDependenciesCommand.class, TrainCommand.class, ReportCommand.class,
            TestNotificationCommand.class, TokensCommand.class, WatchCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%n",
        footer = {
            "Environment:",
            "  VIGIL_URL      the server (default http://localhost:8080)",
            "  VIGIL_TOKEN    an API token; without one, data/admin.token under the",
            "                 server's directory (or $VIGIL_DATA_DIR) when readable.",
            "                 No command prints a token, except 'tokens create'.",
            "  NO_COLOR       no colour, even on a terminal",
            "  VIGIL_DEBUG=1  print the stack trace of an unexpected error",
            "",
            ExitCodes.HELP})
final class VigilCommand extends ClientCommand {

    private final Environment environment;

    VigilCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    Environment environment() {
        return environment;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command (or run bin/vigil alone to "
                + "start the server).");
    }

    /** {@code --version}: the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigil " + version()};
        }

        static String version() {
            try (InputStream in = VigilCommand.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    return "dev";
                }
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "dev");
            } catch (IOException e) {
                return "dev";
            }
        }
    }
}
