package dev.vigil.plugins.requests;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.JsonRecord;
import dev.vigil.api.http.Ranges;
import dev.vigil.api.http.TimestampWindow;

/**
 * The rules of one ingested record: every field's type and range, so that a bad record rejects its whole batch
 * with a 400 naming {@code records[i].field} before anything is stored. Numbers are read within the shared
 * {@link Ranges}, times within the shared {@link TimestampWindow}.
 */
final class RecordParser {

    static final int MAX_SERVICE = 100;
    static final int MAX_ENDPOINT = 300;
    static final int MAX_PATH = 2000;
    static final int MAX_ID = 128;
    static final int MAX_USER = 200;
    static final int MAX_CLIENT = 200;
    static final double MAX_DURATION_MS = Ranges.DURATION_MS.max();
    /** The methods of HTTP (RFC 9110, and PATCH of RFC 5789), sorted so that the refusal reads alike each time. */
    static final Set<String> HTTP_METHODS = new TreeSet<>(Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
                                                                 "OPTIONS", "TRACE", "PATCH"));

    private final TimestampWindow window;

    /**
     * @param now          the server's time
     * @param retention    records older than this would be deleted at once: refused instead
     * @param maxClockSkew how far ahead of the server a client's clock may be
     */
    RecordParser(Instant now, Duration retention, Duration maxClockSkew) {
        this.window = new TimestampWindow(now, retention, maxClockSkew);
    }

    RequestEvent parse(JsonRecord record) {
        Instant timestamp = window.required(record, "timestamp");
        String service = required(record, "service", MAX_SERVICE);
        if (service.equals(RequestEvent.OWN_SERVICE)) {
            throw record.invalid("service", "'" + RequestEvent.OWN_SERVICE + "' is reserved for Vigil's own requests");
        }
        String method = record.optionalEnum("method", HTTP_METHODS);
        if (method == null) {
            throw record.invalid("method", "is required");
        }
        String endpoint = required(record, "endpoint", MAX_ENDPOINT);
        String path = required(record, "path", MAX_PATH);
        int status = record.requiredInt("status", 100, 599);
        double durationMs = record.requiredNumber("duration_ms", Ranges.DURATION_MS);
        String user = record.optionalString("user", MAX_USER);
        String requestId = record.optionalString("request_id", MAX_ID);
        String traceId = record.optionalString("trace_id", MAX_ID);
        Long queryCount = record.optionalLong("query_count", Ranges.COUNT);
        Double queryTimeMs = record.optionalNumber("query_time_ms", Ranges.DURATION_MS);
        Long bytes = record.optionalLong("bytes", Ranges.BYTES);
        String client = record.optionalString("client", MAX_CLIENT);
        return new RequestEvent(timestamp, service, method, endpoint, path, status, durationMs, blankToNull(user),
                                blankToNull(requestId), blankToNull(traceId),
                                queryCount == null ? null : queryCount.intValue(), queryTimeMs, bytes,
                                blankToNull(client));
    }

    /**
     * A record another plugin handed over, as the route would store it: text cut to the route's lengths, a time
     * ahead within the clock-skew allowance taken as now; null when the route would refuse its time or a number.
     */
    RequestEvent admit(RequestEvent r) {
        Instant time = window.admit(r.timestamp());
        if (time == null || !Ranges.DURATION_MS.contains(r.durationMs())
                || r.queryCount() != null && !Ranges.COUNT.contains(r.queryCount())
                || r.queryTimeMs() != null && !Ranges.DURATION_MS.contains(r.queryTimeMs())
                || r.bytes() != null && !Ranges.BYTES.contains(r.bytes())) {
            return null;
        }
        return new RequestEvent(time, cut(r.service(), MAX_SERVICE), cut(r.method(), 16),
                                cut(r.endpoint(), MAX_ENDPOINT), cut(r.path(), MAX_PATH), r.status(), r.durationMs(),
                                cut(r.user(), MAX_USER), cut(r.requestId(), MAX_ID), cut(r.traceId(), MAX_ID),
                                r.queryCount(), r.queryTimeMs(), r.bytes(), cut(r.client(), MAX_CLIENT));
    }

    private static String cut(String value, int maxLength) {
        return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength);
    }

    private static String required(JsonRecord record, String field, int maxLength) {
        String value = record.requiredString(field);
        if (value.length() > maxLength) {
            throw record.invalid(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
