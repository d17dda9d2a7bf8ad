package dev.vigil.api.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The batch rules every ingest route shares: the body is a JSON array of records, or an object whose
 * {@code records} field is one; the whole batch is parsed and validated before anything is stored, and the first
 * bad record rejects it with a 400 naming the record's index and the field.
 */
public final class IngestBatch {

    private IngestBatch() {
    }

    /** Turns one JSON record into a value, reading fields through {@link JsonRecord}. */
    @FunctionalInterface
    public interface RecordParser<T> {
        T parse(JsonRecord record);
    }

    public static <T> List<T> parse(JsonNode body, int maxRecords, RecordParser<T> parser) {
        JsonNode records = body;
        if (body != null && body.isObject()) {
            records = body.get("records");
        }
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
