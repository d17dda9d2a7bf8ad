package dev.vigil.kernel.http;

import java.util.Map;

import dev.vigil.api.http.ApiException;

/**
 * The server's limit on a request body, and the 413 that names it.
 *
 * <p>Helidon refuses a body over its own limit before routing and then closes the connection with the body unread: a
 * client still writing it sees a broken pipe, never the answer. So the kernel enforces this limit itself (the
 * {@link Dispatcher}, once it knows the route and so how to answer) and gives Helidon a larger one,
 * {@link #connectionBytes()}: a body up to that size is answered and then read to its end and thrown away, which lets a
 * client that writes it whole read the 413. Past it, Helidon answers (through {@link EarlyErrors}) and closes at once.
 *
 * @param maxBytes the largest body any route accepts; routes may accept less
 */
public record BodyLimit(long maxBytes) {

    /** How much more than the limit the server reads and discards so that the client can read its answer. */
    private static final int DRAINED_MULTIPLE = 4;

    public BodyLimit {
        if (maxBytes < 1 || maxBytes > Long.MAX_VALUE / DRAINED_MULTIPLE) {
            throw new IllegalArgumentException("a body limit must be positive and finite, got " + maxBytes);
        }
    }

    /** Helidon's own limit: past it a body is refused without being read, and the connection closed. */
    public long connectionBytes() {
        return maxBytes * DRAINED_MULTIPLE;
    }

    public boolean exceededBy(long declaredBytes) {
        return declaredBytes > maxBytes;
    }

    /** The 413 for a body of {@code declaredBytes}, or of unknown size when negative (a chunked body). */
    public ApiException tooLarge(long declaredBytes) {
        String size = declaredBytes >= 0 ? "the body is " + declaredBytes + " bytes" : "the body is too large";
        return new ApiException(413, "payload_too_large", size + "; this server accepts at most " + maxBytes
                + " bytes (" + maxBytes / (1024 * 1024) + " MiB) in one request: send smaller batches",
                                Map.of("limit_bytes", maxBytes), null);
    }
}
