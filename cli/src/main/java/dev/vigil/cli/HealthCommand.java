package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code vigil health}: GET /health, the open route a load balancer asks. */
@Command(name = "health", header = "Whether the server is UP (exit 1 when not)", mixinStandardHelpOptions = true,
        description = {"Whether the server is UP, with its plugins by state (GET /health, no token needed).",
            "Exits 1 when the server answers but is not UP, 2 when it cannot be reached."})
final class HealthCommand extends ClientCommand {

    @Override
    public Integer call() {
        Answer answer = client().exchange("GET", "/health", null);
        JsonNode health = answer.json();
        String status = Json.text(health, "status", null);
        if (status == null) {
            throw Failure.failed(ErrorAnswer.describe(answer));
        }
        int code = answer.ok() && status.equals("UP") ? ExitCodes.OK : ExitCodes.FAILED;
        if (json()) {
            printJson(answer);
            return code;
        }
        JsonNode plugins = health.path("plugins");
        out().println(style().paint(Style.colourOf(status.equals("UP") ? "up" : "down"), status) + "  vigil "
                              + Text.safe(Json.text(health, "version", "?")) + " at " + target().url()
                              + ", plugins: " + Json.whole(plugins, "started") + " started, "
                              + Json.whole(plugins, "stopped") + " stopped, " + Json.whole(plugins, "failed")
                              + " failed");
        return code;
    }
}
