package dev.vigil.cli;

import picocli.CommandLine.Mixin;

/** A command with --url, --token and --output text|json. */
abstract class ClientCommand extends BaseCommand {

    @Mixin
    GlobalOptions options;

    @Override
    ConnectionOptions connection() {
        return options;
    }
}
