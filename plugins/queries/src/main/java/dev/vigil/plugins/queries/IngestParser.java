package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.api.http.JsonRecord;
import dev.vigil.api.http.Ranges;
import dev.vigil.api.http.TimestampWindow;

/**
 * Reads one ingest record; every problem is a 400 naming {@code records[i].field}. Numbers are read within the
 * shared {@link Ranges} and times within the shared {@link TimestampWindow}.
 */
final class IngestParser {

    static final int MAX_PARAMETERS = 10_000;

    private final int maxSqlLength;
    private final TimestampWindow window;

    IngestParser(int maxSqlLength, TimestampWindow window) {
        this.maxSqlLength = maxSqlLength;
        this.window = window;
    }

    Execution parse(JsonRecord record) {
        String sql = record.requiredString("sql");
        if (sql.length() > maxSqlLength) {
            throw record.invalid("sql", "is longer than " + maxSqlLength + " characters");
        }
        Long rows = record.optionalLong("rows", Ranges.COUNT);
        String service = record.requiredString("service").trim();
        if (service.length() > 200) {
            throw record.invalid("service", "is longer than 200 characters");
        }
        return new Execution(window.required(record, "timestamp"), service, sql,
                             record.requiredNumber("duration_ms", Ranges.DURATION_MS), rows,
                             record.optionalString("request_id", 200), record.optionalString("trace_id", 200),
                             record.optionalString("endpoint", 500), record.optionalString("database", 100), null,
                             parameters(record));
    }

    /** {@code params}: the values bound to the placeholders, scalars in order; null when absent. */
    private static List<String> parameters(JsonRecord record) {
        if (!record.has("params")) {
            return null;
        }
        JsonNode params = record.node().get("params");
        if (!params.isArray()) {
            throw record.invalid("params", "must be an array of the values bound to the statement's placeholders");
        }
        if (params.size() > MAX_PARAMETERS) {
            throw record.invalid("params", "holds more than " + MAX_PARAMETERS + " values");
        }
        List<String> values = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            JsonNode value = params.get(i);
            if (value.isNull()) {
                values.add(null);
            } else if (value.isValueNode()) {
                // Type-tagged, so that the number 1 and the string "1" are different values.
                values.add((value.isTextual() ? "s:" : "v:") + value.asText());
            } else {
                throw record.invalid("params", "value " + i + " must be a string, number, boolean or null");
            }
        }
        return values;
    }
}
