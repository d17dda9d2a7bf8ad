package dev.vigil.kernel.http;

import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Writes every error in the one JSON shape: {@code {"error": {"code", "message", "details"}}}; never a stack trace. */
public final class ErrorResponder {

    private final ObjectMapper mapper = Json.newMapper();
    private final BodyLimit bodyLimit;

    public ErrorResponder(BodyLimit bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    public void send(ServerResponse response, int status, String code, String message, Object details) {
        if (response.isSent()) {
            return;
        }
        response.status(Status.create(status));
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(body(code, message, details));
    }

    /** The error JSON itself, for answers written outside routing ({@link EarlyErrors}). */
    byte[] body(String code, String message, Object details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        if (details != null) {
            // Only kernel-loaded types go through the kernel's mapper: its caches must not keep plugin classes.
            error.put("details", details.getClass().getClassLoader() == null || details instanceof Map<?, ?>
                    || details instanceof Iterable<?> ? details : String.valueOf(details));
        }
        try {
            return mapper.writeValueAsBytes(Map.of("error", error));
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"see server log\"}}").getBytes();
        }
    }

    /**
     * Sends an error the way the route answers errors: through its own writer when it has one (a protocol's shape),
     * else in the JSON shape.
     */
    public void send(Route route, ServerRequest request, ServerResponse response, int status, String code,
                     String message, Object details) {
        if (route == null || route.errorWriter() == null) {
            send(response, status, code, message, details);
            return;
        }
        if (!response.isSent()) {
            response.status(Status.create(status));
            route.errorWriter().write(request, response, status, code, message);
        }
    }

    /**
     * Answers an exception that escaped a handler. Client errors keep their status; anything else is a 500 with a
     * reference the server log also carries. Each is answered the way {@code route} answers errors.
     *
     * @return the reference of a 500, or null when the exception was a client error
     */
    public String sendFailure(Route route, ServerRequest request, ServerResponse response, Throwable error,
                              String owner) {
        if (error instanceof ApiException api) {
            if (api.retryAfterSeconds() != null && !response.isSent()) {
                response.header(HeaderNames.RETRY_AFTER, String.valueOf(api.retryAfterSeconds()));
            }
            send(route, request, response, api.status(), api.code(), api.getMessage(), api.details());
            return null;
        }
        if (error instanceof RequestException protocol && protocol.status().code() < 500) {
            // Helidon found the body itself malformed or over its limit while the handler read it.
            ApiException answer = protocol.status().code() == 413 ? bodyLimit.tooLarge(-1)
                    : new ApiException(protocol.status().code(), codeOf(protocol.status()),
                                       "the request body is not valid HTTP/1.1 (chunked encoding or length)");
            send(route, request, response, answer.status(), answer.code(), answer.getMessage(), answer.details());
            return null;
        }
        if (error instanceof HttpException http && http.status().code() < 500) {
            send(route, request, response, http.status().code(), codeOf(http.status()), http.getMessage(), null);
            return null;
        }
        if (error instanceof UncheckedIOException && response.isSent()) {
            return null; // the client went away mid-response
        }
        String reference = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        send(route, request, response, 500, "internal_error", "internal error in " + owner + " (reference "
                + reference + "); the server log has the details", Map.of("reference", reference));
        return reference;
    }

    static String codeOf(Status status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> "http_" + status.code();
        };
    }
}
