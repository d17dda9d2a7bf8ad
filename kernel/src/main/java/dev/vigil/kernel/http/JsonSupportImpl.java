package dev.vigil.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import dev.vigil.api.Secret;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** JSON for one plugin (or the kernel), with its own mapper. */
public final class JsonSupportImpl implements JsonSupport {

    /** Typed reads are request bodies such as rules and settings, never bulk data. */
    private static final long TYPED_BODY_LIMIT = 1024 * 1024;

    private final ObjectMapper mapper = Json.newMapper();

    @Override
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public <T> T read(ServerRequest request, Class<T> type) {
        byte[] body = readBody(request, TYPED_BODY_LIMIT);
        if (body.length == 0) {
            throw new ApiException(400, "missing_body", "the request needs a JSON body");
        }
        try {
            return mapper.readValue(body, type);
        } catch (StreamConstraintsException limit) {
            throw Json.overLimit(limit, mapper, body);
        } catch (JsonProcessingException e) {
            throw Json.badBody(e, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ApiException badBody(JsonProcessingException error) {
        return Json.badBody(error, mapper);
    }

    @Override
    public JsonNode masked(Object value) {
        return Json.masked(mapper, value);
    }

    @Override
    public Map<JsonPointer, Secret.Reveal> secretKeys(Object value) {
        return Json.secretKeys(mapper, value);
    }

    @Override
    public JsonNode readTree(ServerRequest request, long maxBytes) {
        byte[] body = readBody(request, maxBytes);
        if (body.length == 0) {
            throw new ApiException(400, "missing_body", "the request needs a JSON body");
        }
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException limit) {
            throw Json.overLimit(limit, mapper, body);
        } catch (JsonProcessingException e) {
            throw Json.badBody(e, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void send(ServerResponse response, Object body) {
        send(response, Status.OK_200, body);
    }

    @Override
    public void send(ServerResponse response, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        response.status(status);
        response.header(HeaderValues.CONTENT_TYPE_JSON);
        response.send(bytes);
    }

    /** Reads the whole body, refusing it with a 413 past {@code maxBytes} (before reading, when declared). */
    static byte[] readBody(ServerRequest request, long maxBytes) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw ApiException.payloadTooLarge("the body is " + declared + " bytes; at most " + maxBytes
                                                       + " are accepted here");
        }
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw ApiException.payloadTooLarge("the body is larger than the " + maxBytes
                                                           + " bytes accepted here");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(400, "unreadable_body", "the request body could not be read: " + e.getMessage());
        }
    }
}
