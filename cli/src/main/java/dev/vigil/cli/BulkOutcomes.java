package dev.vigil.cli;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the bulk acknowledge and resolve answers mean for the exit code: an id that was not found or could not be
 * changed fails the command; an alert that was already resolved is where the user wanted it, so it does not.
 */
final class BulkOutcomes {

    private static final Set<String> DONE = Set.of("acknowledged", "resolved", "already_resolved");

    private BulkOutcomes() {
    }

    static int exitCode(JsonNode results) {
        for (JsonNode result : results) {
            if (!DONE.contains(Json.text(result, "outcome", ""))) {
                return ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }

    /** {@code 1 not_found, 2 acknowledged}. */
    static String summary(JsonNode results) {
        Map<String, Integer> counts = new TreeMap<>();
        results.forEach(result -> counts.merge(Json.text(result, "outcome", "?"), 1, Integer::sum));
        StringBuilder text = new StringBuilder();
        counts.forEach((outcome, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ')
                .append(outcome));
        return text.toString();
    }
}
