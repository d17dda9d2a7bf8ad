package dev.vigil.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: its options merged with those given before it ({@code vigil --url X status} and
 * {@code vigil status --url X} mean the same; the nearer one wins), the client, and the output.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private VigilClient client;

    /** The connection options this command declares. */
    abstract ConnectionOptions connection();

    VigilCommand root() {
        return (VigilCommand) spec.root().userObject();
    }

    Environment environment() {
        return root().environment();
    }

    PrintWriter out() {
        return environment().out();
    }

    Style style() {
        return new Style(environment().colour());
    }

    Instant now() {
        return environment().clock().instant();
    }

    Target target() {
        String url = null;
        String token = null;
        for (CommandSpec at = spec; at != null; at = at.parent()) {
            if (at.userObject() instanceof BaseCommand command && command.connection() != null) {
                url = url != null ? url : command.connection().url;
                token = token != null ? token : command.connection().token;
            }
        }
        return Target.resolve(url, token, environment());
    }

    /** Whether {@code --output json} was given here or before. */
    boolean json() {
        for (CommandSpec at = spec; at != null; at = at.parent()) {
            if (at.userObject() instanceof BaseCommand command
                    && command.connection() instanceof GlobalOptions options && options.output != null) {
                return options.output == GlobalOptions.Format.json;
            }
        }
        return false;
    }

    VigilClient client() {
        if (client == null) {
            client = new VigilClient(target());
        }
        return client;
    }

    /** The server's JSON as it came, on one line. */
    void printJson(Answer answer) {
        out().println(answer.text().strip());
    }

    void printJson(com.fasterxml.jackson.databind.JsonNode document) {
        out().println(Json.write(document));
    }
}
