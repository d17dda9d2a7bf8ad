package dev.vigil.plugins.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import dev.vigil.api.http.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The body of one export, read within the size limits: {@code max-body-bytes} as sent (the declared length), and
 * {@code max-decompressed-bytes} as read: the kernel inflates {@code Content-Encoding: gzip} bodies on the way in,
 * so a small compressed bomb is cut off there.
 *
 * @param bytes the export's encoded message, inflated
 */
record ExportBody(Encoding encoding, byte[] bytes) {

    static ExportBody read(ServerRequest request, OtlpConfig config) {
        Encoding encoding = Encoding.of(request);
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > config.maxBodyBytes()) {
            throw tooLarge("the export is " + declared + " bytes; at most " + config.maxBodyBytes()
                                   + " are accepted (max-body-bytes): export smaller batches");
        }
        boolean compressed = request.headers().contains(HeaderNames.CONTENT_ENCODING);
        long max = compressed ? config.maxDecompressedBytes() : config.maxBodyBytes();
        if (!request.content().hasEntity()) {
            return new ExportBody(encoding, new byte[0]);
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge("the export " + (compressed ? "inflates to" : "is") + " more than the " + max
                                       + " bytes accepted (" + (compressed ? "max-decompressed-bytes" : "max-body-bytes")
                                       + "): export smaller batches");
            }
            return new ExportBody(encoding, bytes);
        } catch (IOException | UncheckedIOException e) {
            String reason = e instanceof UncheckedIOException unchecked && unchecked.getCause() != null
                    ? unchecked.getCause().getMessage() : e.getMessage();
            throw new ApiException(400, "unreadable_body", "the export could not be read"
                    + (compressed ? " (is it valid gzip?)" : "") + ": " + reason);
        }
    }

    private static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }
}
