package dev.vigil.plugins.otlp;

import java.util.Locale;
import java.util.Optional;

import dev.vigil.api.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** The two encodings of OTLP/HTTP; an answer uses the encoding of its request. */
enum Encoding {
    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    private final String mediaType;

    Encoding(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** The request's declared encoding. */
    static Encoding of(ServerRequest request) {
        return declared(request).orElseThrow(() -> new ApiException(
                415, "unsupported_media_type", "OTLP/HTTP takes Content-Type application/x-protobuf or "
                + "application/json; this request declares " + request.headers().first(HeaderNames.CONTENT_TYPE)
                .map(type -> "'" + type + "'").orElse("none")));
    }

    /** The encoding to answer in, errors included: the request's, else protobuf (the OTLP default). */
    static Encoding answering(ServerRequest request) {
        return declared(request).orElse(PROTOBUF);
    }

    private static Optional<Encoding> declared(ServerRequest request) {
        return request.headers().first(HeaderNames.CONTENT_TYPE).flatMap(value -> {
            int parameters = value.indexOf(';');
            String type = (parameters < 0 ? value : value.substring(0, parameters)).strip().toLowerCase(Locale.ROOT);
            for (Encoding encoding : values()) {
                if (encoding.mediaType.equals(type)) {
                    return Optional.of(encoding);
                }
            }
            return Optional.empty();
        });
    }
}
