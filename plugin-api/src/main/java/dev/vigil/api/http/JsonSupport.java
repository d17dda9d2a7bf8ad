package dev.vigil.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON with the server's conventions: snake_case property names, ISO-8601 UTC times, unknown properties refused
 * on typed reads. Each plugin gets its own instance, dropped when the plugin unloads (so that no cache keeps a
 * plugin's classes alive).
 */
public interface JsonSupport {

    ObjectMapper mapper();

    /** Reads the request body as {@code type}; bad JSON or a bad field is a 400 that names the field. */
    <T> T read(ServerRequest request, Class<T> type);

    /** Reads the request body as a tree, refusing bodies over {@code maxBytes} with a 413. */
    JsonNode readTree(ServerRequest request, long maxBytes);

    /**
     * The 400 for a body this plugin read with {@link #mapper()} itself: names the field and what was expected,
     * as {@link #read} does.
     */
    ApiException badBody(JsonProcessingException error);

    void send(ServerResponse response, Object body);

    void send(ServerResponse response, Status status, Object body);
}
