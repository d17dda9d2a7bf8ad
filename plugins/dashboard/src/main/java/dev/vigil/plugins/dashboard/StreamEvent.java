package dev.vigil.plugins.dashboard;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event, rendered once and shared by every client that receives it.
 *
 * @param name the SSE event name: signal, alert, plugin, hello, dropped
 * @param data one line of JSON
 */
record StreamEvent(String name, String data) {

    /** The event in the text/event-stream wire format. */
    byte[] bytes() {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
