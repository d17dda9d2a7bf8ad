package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil test-notification CHANNEL}: POST /api/v1/alerts/channels/{name}/test. */
@Command(name = "test-notification", header = "Send a test notification to an alert channel", mixinStandardHelpOptions = true,
        description = {"Send a test notification to an alert channel now, once, without retries (admin token).",
            "Prints the outcome, the status (HTTP, or the SMTP reply), the error and the time taken; exits 1 "
                    + "unless it was delivered."})
final class TestNotificationCommand extends ClientCommand {

    @Parameters(paramLabel = "CHANNEL", description = "The channel's name, as GET /api/v1/alerts/channels lists them.")
    String channel;

    @Override
    public Integer call() {
        Answer answer = client().send("POST", "/api/v1/alerts/channels/" + VigilClient.segment(channel) + "/test",
                                      null);
        JsonNode delivery = answer.json().path("delivery");
        String outcome = Json.text(delivery, "outcome", "?");
        int code = outcome.equals("delivered") ? ExitCodes.OK : ExitCodes.FAILED;
        if (json()) {
            printJson(answer);
            return code;
        }
        Double status = Json.number(delivery, "status_code");
        String error = Json.text(delivery, "error", null);
        out().println(Text.safe(channel) + ": " + style().paint(Style.colourOf(outcome), outcome)
                              + " (status " + (status == null ? "-" : Human.number(status)) + ", "
                              + Human.ms(Json.number(delivery, "duration_ms")) + ")"
                              + (error == null ? "" : ": " + Text.oneLine(error, 300)));
        return code;
    }
}
