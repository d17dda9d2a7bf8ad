package dev.vigil.plugins.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.api.http.ErrorWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Answers as the OTLP/HTTP specification says, in the encoding of the request: an Export*ServiceResponse on
 * success, and for every error (a refused token included, which the kernel answers through this writer) a
 * {@code google.rpc.Status} whose message says what went wrong.
 */
final class ExportAnswers implements ErrorWriter {

    private final OtlpJson json;
    private final ObjectMapper mapper;

    ExportAnswers(OtlpJson json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    void send(ServerResponse response, Encoding encoding, Message answer) {
        response.header(HeaderNames.CONTENT_TYPE, encoding.mediaType());
        response.send(encoding == Encoding.PROTOBUF ? answer.toByteArray()
                              : json.print(answer).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(ServerRequest request, ServerResponse response, int status, String code, String message) {
        Encoding encoding = Encoding.answering(request);
        response.header(HeaderNames.CONTENT_TYPE, encoding.mediaType());
        int rpcCode = rpcCode(status);
        response.send(encoding == Encoding.PROTOBUF ? statusProtobuf(rpcCode, message) : statusJson(rpcCode, message));
    }

    /** The google.rpc.Code closest to an HTTP status, as gRPC's HTTP mapping has it. */
    static int rpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> 3;  // INVALID_ARGUMENT
            case 401 -> 16;      // UNAUTHENTICATED
            case 403 -> 7;       // PERMISSION_DENIED
            case 404 -> 5;       // NOT_FOUND
            case 413, 429 -> 8;  // RESOURCE_EXHAUSTED
            case 503 -> 14;      // UNAVAILABLE
            case 500 -> 13;      // INTERNAL
            default -> 2;        // UNKNOWN
        };
    }

    /**
     * {@code google.rpc.Status}: {@code int32 code = 1; string message = 2;} (no details). Written with protobuf's
     * own encoder; the message type itself lives in a library this plugin does not otherwise need.
     */
    static byte[] statusProtobuf(int code, String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message == null ? "" : message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private byte[] statusJson(int code, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", code);
        status.put("message", message == null ? "" : message);
        try {
            return mapper.writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status could not be written as JSON", e);
        }
    }
}
