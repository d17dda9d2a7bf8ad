package dev.vigil.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Polls a plugin job ({@code GET .../jobs/{id}}) until it ends, showing its progress. */
final class JobFollower {

    private static final Set<String> ENDED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");
    private static final Duration POLL = Duration.ofMillis(500);

    private final VigilClient client;
    private final Environment environment;

    JobFollower(VigilClient client, Environment environment) {
        this.client = client;
        this.environment = environment;
    }

    /** The job as it ended; a failure when it did not end within {@code timeout} (it goes on in the server). */
    JsonNode follow(String statusPath, ProgressView view, Duration timeout) {
        Instant deadline = environment.clock().instant().plus(timeout);
        try {
            while (true) {
                JsonNode job = client.get(statusPath).json();
                String state = Json.text(job, "state", "");
                double progress = job.path("progress").asDouble(0);
                view.update(state.equals("SUCCEEDED") ? 1 : progress, Json.text(job, "message", state));
                if (ENDED.contains(state)) {
                    return job;
                }
                if (environment.clock().instant().isAfter(deadline)) {
                    throw Failure.failed("gave up waiting after " + Human.duration(timeout.toSeconds())
                                                 + "; the job goes on in the server: " + statusPath);
                }
                sleep();
            }
        } finally {
            view.finish();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.failed("interrupted");
        }
    }
}
