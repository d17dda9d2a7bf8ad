package dev.vigil.kernel.http;

import dev.vigil.api.http.ApiException;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers what Helidon refuses before any route runs (a request line, path or header that is not valid HTTP, a body
 * declared far over the limit, too many requests at once) in the API's JSON error shape with an
 * {@code X-Request-Id}, instead of Helidon's plain text. Helidon closes the connection after most of these.
 */
public final class EarlyErrors implements DirectHandler {

    private static final int MAX_REASON_LENGTH = 160;

    private final ErrorResponder errors;
    private final BodyLimit bodyLimit;

    public EarlyErrors(ErrorResponder errors, BodyLimit bodyLimit) {
        this.errors = errors;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, Throwable thrown, System.Logger logger) {
        if (logger != null) {
            // A client's malformed request is its own business; the server failing before routing is ours to see.
            boolean ours = eventType == EventType.INTERNAL_ERROR || defaultStatus.code() >= 500;
            logger.log(ours ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                       "refused before routing: " + eventType, thrown);
        }
        // Helidon's own wording says what was wrong with the request; its class names never reach the client.
        return handle(request, eventType, defaultStatus, responseHeaders, thrown == null ? null : thrown.getMessage());
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        ApiException answer = answer(request, eventType, defaultStatus, message);
        return TransportResponse.builder()
                .status(Status.create(answer.status()))
                .headers(responseHeaders)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(TrafficFilter.REQUEST_ID, TrafficFilter.requestId(request.headers()))
                .entity(errors.body(answer.code(), answer.getMessage(), answer.details()))
                .build();
    }

    private ApiException answer(TransportRequest request, EventType eventType, Status status, String message) {
        int code = status.code();
        if (code == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return bodyLimit.tooLarge(request.headers().contentLength().orElse(-1));
        }
        if (code == Status.REQUEST_URI_TOO_LONG_414.code()) {
            return new ApiException(code, "uri_too_long", "the request line is longer than this server accepts");
        }
        if (code == Status.SERVICE_UNAVAILABLE_503.code()) {
            return new ApiException(code, "unavailable", "the server is handling too many requests; retry shortly");
        }
        if (code >= 500 || eventType == EventType.INTERNAL_ERROR) {
            return new ApiException(code >= 500 ? code : 500, "internal_error",
                                    "internal error before the request reached a route; the server log has details");
        }
        String reason = reason(message);
        if (reason.startsWith("Invalid path: Malformed escape")) {
            return new ApiException(code, "bad_request", "the path is not valid: a '%' must begin a percent-encoded "
                    + "byte such as %20 (write a literal '%' as %25)");
        }
        return new ApiException(code, ErrorResponder.codeOf(status), "the request is not valid HTTP"
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    /** Helidon's reason, on one line and short: some append a hex dump of what they read. */
    private static String reason(String message) {
        if (message == null) {
            return "";
        }
        String line = message.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline).strip();
        }
        return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH) + "...";
    }
}
