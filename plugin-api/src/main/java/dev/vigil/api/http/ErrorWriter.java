package dev.vigil.api.http;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Writes an error answer in a protocol's own shape instead of Vigil's JSON one, for routes whose clients act on
 * the body (an OTLP exporter expects a {@code google.rpc.Status}). The kernel has set the status and, when due,
 * {@code Retry-After} before calling it; the writer sends the body.
 */
@FunctionalInterface
public interface ErrorWriter {

    /**
     * @param status  the HTTP status already set on the response
     * @param code    Vigil's error code ({@code unauthorized}, {@code payload_too_large}, ...)
     * @param message for people: what went wrong and what to do
     */
    void write(ServerRequest request, ServerResponse response, int status, String code, String message);
}
