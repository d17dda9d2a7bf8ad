package dev.vigil.plugins.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What became of one id of {@code POST /api/v1/alerts/acknowledge} or {@code /resolve}.
 *
 * @param alert the alert after the change, when there was one
 * @param error why the change failed, for {@link Outcome#FAILED}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BulkResult(long id, Outcome outcome, Alert alert, String error) {

    /** The outcome of one id. */
    enum Outcome {
        ACKNOWLEDGED, RESOLVED, NOT_FOUND, ALREADY_RESOLVED, FAILED;

        @JsonValue
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
