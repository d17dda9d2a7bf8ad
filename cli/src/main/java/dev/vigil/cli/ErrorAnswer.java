package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads Vigil's error shape {@code {"error": {"code", "message", "details"}}}, or makes do without it. */
final class ErrorAnswer {

    private ErrorAnswer() {
    }

    /** The server's message, or the start of whatever else it sent. */
    static String message(Answer answer) {
        try {
            JsonNode error = Json.MAPPER.readTree(answer.body()).path("error");
            if (error.hasNonNull("message")) {
                return error.get("message").asText();
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // below
        }
        String text = Text.oneLine(answer.text(), 200);
        return text.isEmpty() ? "no message" : text;
    }

    /** {@code 404 not_found: no plugin 'x' is installed}. */
    static String describe(Answer answer) {
        String code = null;
        try {
            code = Json.MAPPER.readTree(answer.body()).path("error").path("code").asText(null);
        } catch (java.io.IOException | RuntimeException notJson) {
            // no code
        }
        return answer.status() + (code == null ? "" : " " + code) + ": " + message(answer);
    }
}
