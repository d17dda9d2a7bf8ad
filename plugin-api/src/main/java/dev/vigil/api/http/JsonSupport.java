package dev.vigil.api.http;

import java.util.Map;

import dev.vigil.api.Secret;

import com.fasterxml.jackson.core.JsonPointer;
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

    /**
     * {@code value} as {@link #mapper()} writes it, with every value under a {@link Secret} key masked as its
     * {@link Secret.Reveal} says, wherever it nests (records, lists, maps): what a response may show of a value that
     * holds secrets, to any role. The same masking as the admin API's view of a plugin's config.
     */
    JsonNode masked(Object value);

    /**
     * Where {@code value}, as {@link #mapper()} writes it, holds a {@link Secret} key whose value is not null
     * ({@code /url}, {@code /smtp/password}, {@code /channels/0/headers}), and how each is shown. For write-only
     * secrets: a client that sends back the masked form it was shown means "keep the value".
     */
    Map<JsonPointer, Secret.Reveal> secretKeys(Object value);

    void send(ServerResponse response, Object body);

    void send(ServerResponse response, Status status, Object body);
}
