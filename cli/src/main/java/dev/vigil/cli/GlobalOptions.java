package dev.vigil.cli;

import picocli.CommandLine.Option;

/** The connection options and the output format, on every command but report (whose --output is a file). */
class GlobalOptions extends ConnectionOptions {

    /** How a command prints what it learnt. */
    enum Format { text, json }

    @Option(names = "--output", paramLabel = "text|json",
            description = "text (aligned columns, default) or json (the server's JSON as it came, or one JSON "
                    + "document per result).")
    Format output;
}
