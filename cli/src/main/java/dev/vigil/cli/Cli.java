package dev.vigil.cli;

import picocli.CommandLine;

/** Parses the arguments, runs the command, and turns whatever goes wrong into one line and an exit code. */
final class Cli {

    private final Environment environment;

    Cli(Environment environment) {
        this.environment = environment;
    }

    int run(String... args) {
        try {
            return commandLine().execute(args);
        } catch (Throwable unexpected) {
            return Failures.report(unexpected, environment.err(), environment.variable("VIGIL_DEBUG"));
        } finally {
            environment.out().flush();
            environment.err().flush();
        }
    }

    CommandLine commandLine() {
        CommandLine line = new CommandLine(new VigilCommand(environment));
        line.setOut(environment.out());
        line.setErr(environment.err());
        line.setColorScheme(CommandLine.Help.defaultColorScheme(environment.colour() ? CommandLine.Help.Ansi.ON
                : CommandLine.Help.Ansi.OFF));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setUsageHelpWidth(Math.max(55, Math.min(120, environment.width())));
        // The commands before the options: they are what a user looks for first.
        java.util.List<String> sections = new java.util.ArrayList<>(line.getHelpSectionKeys());
        sections.removeAll(java.util.List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                                             CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST));
        int options = sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING);
        sections.addAll(options, java.util.List.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING,
                                                   CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST));
        line.setHelpSectionKeys(sections);
        headings(line);
        line.setExecutionExceptionHandler((error, command, parsed) -> {
            environment.out().flush();
            return Failures.report(error, environment.err(), environment.variable("VIGIL_DEBUG"));
        });
        return line;
    }

    /** The same headings in every command's help. */
    private static void headings(CommandLine line) {
        CommandLine.Model.UsageMessageSpec usage = line.getCommandSpec().usageMessage();
        if (usage.optionListHeading().isEmpty()) {
            usage.optionListHeading("%nOptions:%n");
        }
        usage.commandListHeading("%nCommands:%n");
        if (usage.parameterListHeading().isEmpty()) {
            usage.parameterListHeading("%nParameters:%n");
        }
        line.getSubcommands().values().forEach(Cli::headings);
    }
}
