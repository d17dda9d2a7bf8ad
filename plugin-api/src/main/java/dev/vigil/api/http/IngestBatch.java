package dev.vigil.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.http.ServerRequest;

/**
 * The batch rules every ingest route shares: the body is a JSON array of records, or an object whose
 * {@code records} field is one; the whole batch is parsed and validated before anything is stored, and the first
 * bad record rejects it with a 400 naming the record's index and the field. An ingest route parses through
 * {@link #parse(ServerRequest, JsonNode, int, RecordParser)}, which also charges the records against the token's
 * rate limit before any is stored.
 */
public final class IngestBatch {

    private IngestBatch() {
    }

    /** Turns one JSON record into a value, reading fields through {@link JsonRecord}. */
    @FunctionalInterface
    public interface RecordParser<T> {
        T parse(JsonRecord record);
    }

    /**
     * The batch of an ingest request: checked, parsed, then charged against the request token's records per second
     * ({@link IngestAllowance}).
     *
     * @throws ApiException 429 when the token is over its records limit: nothing of the batch may be stored then
     */
    public static <T> List<T> parse(ServerRequest request, JsonNode body, int maxRecords, RecordParser<T> parser) {
        // Charged once the batch is valid: an invalid batch is refused without using up the allowance.
        List<T> parsed = parseRecords(records(body, maxRecords), parser);
        IngestAllowance.of(request).chargeRecords(parsed.size());
        return parsed;
    }

    /** A batch that no request's rate limit applies to (tests, records handed over inside the server). */
    public static <T> List<T> parse(JsonNode body, int maxRecords, RecordParser<T> parser) {
        return parseRecords(records(body, maxRecords), parser);
    }

    /**
     * How many records a body offers, valid or not: what an ingest route counts as rejected when it refuses the
     * batch. 0 when the body holds no records array.
     */
    public static int offered(JsonNode body) {
        JsonNode records = recordsOf(body);
        return records != null && records.isArray() ? records.size() : 0;
    }

    /** A body's records: the body itself (an array), or its {@code records} field; null when neither is there. */
    private static JsonNode recordsOf(JsonNode body) {
        return body != null && body.isObject() ? body.get("records") : body;
    }

    private static JsonNode records(JsonNode body, int maxRecords) {
        JsonNode records = recordsOf(body);
        if (records == null || !records.isArray()) {
            throw new ApiException(400, "invalid_batch",
                                   "the body must be a JSON array of records or an object with a 'records' array");
        }
        if (records.isEmpty()) {
            throw new ApiException(400, "invalid_batch", "the batch holds no records");
        }
        if (records.size() > maxRecords) {
            throw new ApiException(400, "batch_too_large",
                                   "the batch holds " + records.size() + " records; at most " + maxRecords
                                           + " are accepted per request",
                                   Map.of("records", records.size(), "max_records", maxRecords), null);
        }
        return records;
    }

    private static <T> List<T> parseRecords(JsonNode records, RecordParser<T> parser) {
        List<T> parsed = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode node = records.get(i);
            if (!node.isObject()) {
                throw new ApiException(400, "invalid_record", "records[" + i + "]: must be a JSON object",
                                       Map.of("index", i), null);
            }
            parsed.add(parser.parse(new JsonRecord(i, node)));
        }
        return parsed;
    }
}
