package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil tokens [list|create NAME --role R|delete NAME]}: the admin tokens API. */
@Command(name = "tokens", header = "List, create or delete API tokens", mixinStandardHelpOptions = true,
        description = "API tokens: list, create, delete (admin token).",
        subcommands = {TokensCommand.ListTokens.class, TokensCommand.Create.class, TokensCommand.Delete.class})
final class TokensCommand extends ClientCommand {

    /** What a token may do. */
    enum Role { admin, viewer, ingest }

    @Override
    public Integer call() {
        return list(this);
    }

    static int list(BaseCommand command) {
        Answer answer = command.client().get("/api/v1/admin/tokens");
        if (command.json()) {
            command.printJson(answer);
            return ExitCodes.OK;
        }
        Table table = new Table("NAME", "ROLE", "SOURCE", "CREATED", "BY", "OPEN STREAMS").right(5);
        for (JsonNode token : answer.json().path("tokens")) {
            table.row(Json.text(token, "name", "?"), Json.text(token, "role", "?"), Json.text(token, "source", null),
                      Human.relative(Json.text(token, "created_at", null), command.now()),
                      Json.text(token, "created_by", null), Json.whole(token.path("limits"), "open_streams"));
        }
        command.out().print(table.render(command.style()));
        return ExitCodes.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every token (never its value).")
    static final class ListTokens extends ClientCommand {
        @Override
        public Integer call() {
            return list(this);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a token. Its value is printed once, alone on standard output, so that",
                "  TOKEN=$(bin/vigil tokens create grafana --role viewer)",
                "keeps it; the note goes to standard error."})
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The token's name, shown in logs and audit entries.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "admin|viewer|ingest",
                description = "admin (everything), viewer (read), ingest (send data).")
        Role role;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("name", name).put("role", role.name());
            Answer answer = client().send("POST", "/api/v1/admin/tokens", body);
            if (json()) {
                printJson(answer);
                return ExitCodes.OK;
            }
            JsonNode created = answer.json();
            environment().err().println("created token '" + Text.safe(Json.text(created, "name", name)) + "' ("
                                                + Json.text(created, "role", role.name()) + " role); this is the "
                                                + "only time its value is shown");
            environment().err().flush();
            out().println(Json.text(created, "token", ""));
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a token: its next request is refused, its open streams end (admin token).")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The token's name.")
        String name;

        @Override
        public Integer call() {
            client().send("DELETE", "/api/v1/admin/tokens/" + VigilClient.segment(name), null);
            if (json()) {
                printJson(Json.object().put("deleted", name));
            } else {
                out().println("deleted token '" + Text.safe(name) + "'");
            }
            return ExitCodes.OK;
        }
    }
}
