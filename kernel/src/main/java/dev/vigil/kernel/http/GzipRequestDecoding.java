package dev.vigil.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;

/**
 * Lets request bodies arrive gzip-compressed ({@code Content-Encoding: gzip}), as exporters and agents send them;
 * handlers read them inflated. Responses are never compressed: a compressed stream would hold back the server-sent
 * events of a live view until its buffer filled. Without a decoder Helidon refuses any Content-Encoding.
 */
public final class GzipRequestDecoding implements ContentEncoding {

    @Override
    public Set<String> ids() {
        return Set.of("gzip", "x-gzip");
    }

    @Override
    public boolean supportsEncoding() {
        return false;
    }

    @Override
    public boolean supportsDecoding() {
        return true;
    }

    @Override
    public ContentDecoder decoder() {
        return network -> {
            try {
                return new GZIPInputStream(network, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException("the gzip body could not be read: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public ContentEncoder encoder() {
        throw new UnsupportedOperationException("Vigil does not compress responses");
    }

    @Override
    public String name() {
        return "gzip";
    }

    @Override
    public String type() {
        return "gzip";
    }
}
