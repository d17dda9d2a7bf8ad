package dev.vigil.testkit;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A response as a test reads it. */
public record HttpResult(int status, String body, HttpHeaders headers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("response is not JSON (status " + status + "): " + body, e);
        }
    }

    /** The standard error code, {@code error.code}. */
    public String errorCode() {
        return json().path("error").path("code").asText(null);
    }

    public String errorMessage() {
        return json().path("error").path("message").asText(null);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
    }
}
