package dev.vigil.cli;

import picocli.CommandLine.Option;

/** Where the server is and which token to send; accepted before or after the command's name. */
class ConnectionOptions {

    @Option(names = "--url", paramLabel = "URL",
            description = "The server; default $VIGIL_URL, else the local one on port 8080.")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "An API token; default $VIGIL_TOKEN, else data/admin.token when readable.")
    String token;
}
