package dev.vigil.api.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * The ingest rate a request's token may still use: the kernel charges the body's bytes when the request arrives;
 * an ingest route charges its records where it parses the batch ({@link IngestBatch#parse(ServerRequest,
 * com.fasterxml.jackson.databind.JsonNode, int, IngestBatch.RecordParser)}), before anything is stored.
 */
public interface IngestAllowance {

    /** No limit: requests without a token, or outside the kernel. */
    IngestAllowance UNLIMITED = records -> {
    };

    /**
     * Charges {@code records} against the token's {@code limits.ingest-records-per-second}.
     *
     * @throws ApiException 429 with {@code Retry-After} when the token is over its limit: store nothing then
     */
    void chargeRecords(long records);

    /** The allowance of the request the kernel is serving. */
    static IngestAllowance of(ServerRequest request) {
        return request.context().get(IngestAllowance.class).orElse(UNLIMITED);
    }
}
