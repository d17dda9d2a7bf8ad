package dev.vigil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/** One HTTP answer, as it came. */
record Answer(int status, byte[] body, String contentType) {

    boolean ok() {
        return status >= 200 && status < 300;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a body that is not JSON is a failure saying so (a proxy's HTML page, say). */
    JsonNode json() {
        if (body.length == 0) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw Failure.failed("the server answered " + status + " with something that is not JSON: "
                                         + Text.oneLine(text(), 120));
        }
    }
}
