package dev.vigil.api.http;

import java.util.Map;

/**
 * An error a client should see: the kernel answers it with {@code status} and
 * {@code {"error": {"code": ..., "message": ..., "details": ...}}}. Messages name the field or parameter at fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final transient Object details;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String code, String message, Object details, Integer retryAfterSeconds) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = code;
        this.details = details;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    /** A bad value: names the field in the message and in the details. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(400, "invalid_field", field + ": " + message, Map.of("field", field), null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public static ApiException conflict(String message, Object details) {
        return new ApiException(409, "conflict", message, details, null);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    /** The server cannot take more now; the client should retry after the given delay. */
    public static ApiException overloaded(String message, int retryAfterSeconds) {
        return new ApiException(503, "overloaded", message, null, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
