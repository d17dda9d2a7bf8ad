package dev.vigil.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil train [--wait]}: the optimizer's training job. */
@Command(name = "train", header = "Train the optimizer's models", mixinStandardHelpOptions = true,
        description = {"Train the optimizer's response-time model and anomaly detector now (admin token).",
            "The server refuses (exit 1) while it holds fewer requests than min-training-records, saying how many."})
final class TrainCommand extends ClientCommand {

    @Option(names = "--wait", description = "Follow the training until it ends, with its progress, and print the "
            + "model's figures.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "With --wait: give up after this long (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Answer started = client().send("POST", "/api/v1/optimizer/train", null);
        JsonNode training = started.json();
        String jobId = Json.text(training, "job_id", "?");
        String statusPath = Json.text(training, "status_url", "/api/v1/optimizer/jobs/" + VigilClient.segment(jobId));
        if (!await) {
            if (json()) {
                printJson(started);
            } else {
                out().println("training started: job " + Text.safe(jobId) + " (vigil train --wait follows it)");
            }
            return ExitCodes.OK;
        }
        boolean text = !json();
        if (text) {
            out().println("training: job " + Text.safe(jobId));
        }
        ProgressView view = ProgressView.of(environment().terminal(), text ? out() : environment().err(),
                                            "training", environment().width());
        JsonNode job = new JobFollower(client(), environment()).follow(statusPath, view, timeout);
        String state = Json.text(job, "state", "?");
        int code = state.equals("SUCCEEDED") ? ExitCodes.OK : ExitCodes.FAILED;
        if (!text) {
            ObjectNode document = Json.object();
            document.set("training", training);
            document.set("job", job);
            printJson(document);
            return code;
        }
        if (code != ExitCodes.OK) {
            throw Failure.failed("the training " + state + ": " + Text.oneLine(Json.text(job, "error",
                    Json.text(job, "message", "no reason given")), 300));
        }
        JsonNode result = job.path("result");
        List<String> metrics = new ArrayList<>();
        result.path("metrics").properties().forEach(metric -> {
            if (metric.getValue().isNumber()) {
                metrics.add(metric.getKey() + " " + Human.number(metric.getValue().asDouble()));
            }
        });
        out().print(new KeyValues()
                .add("model", Json.text(result, "version", "?"))
                .add("trained on", Json.whole(result, "records") + " requests (" + Json.text(result, "source", "?")
                        + ") in " + Human.ms((double) Json.whole(result, "training_ms")))
                .add("metrics", metrics.isEmpty() ? "-" : String.join(", ", metrics))
                .add("anomalies", Json.whole(result, "anomalies_found") + " found")
                .render(style()));
        for (JsonNode note : result.path("notes")) {
            out().println("note: " + Text.safe(note.asText()));
        }
        return code;
    }
}
