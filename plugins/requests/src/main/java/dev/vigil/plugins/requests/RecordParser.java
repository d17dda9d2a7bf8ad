package dev.vigil.plugins.requests;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.JsonRecord;

/**
 * The rules of one ingested record: every field's type and range, so that a bad record rejects its whole batch
 * with a 400 naming {@code records[i].field} before anything is stored.
 */
final class RecordParser {

    static final int MAX_SERVICE = 100;
    static final int MAX_ENDPOINT = 300;
    static final int MAX_PATH = 2000;
    static final int MAX_ID = 128;
    static final int MAX_USER = 200;
    static final int MAX_CLIENT = 200;
    /** A day: anything longer is a unit mistake (seconds or microseconds sent as milliseconds). */
    static final double MAX_DURATION_MS = 86_400_000;

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private final Instant now;
    private final Instant earliest;
    private final Instant latest;

    /**
     * @param now         the server's time
     * @param retention   records older than this would be deleted at once: refused instead
     * @param maxClockSkew how far ahead of the server a client's clock may be
     */
    RecordParser(Instant now, Duration retention, Duration maxClockSkew) {
        this.now = now;
        this.earliest = now.minus(retention);
        this.latest = now.plus(maxClockSkew);
    }

    RequestEvent parse(JsonRecord record) {
        Instant timestamp = record.requiredInstant("timestamp");
        if (timestamp.isAfter(latest)) {
            throw record.invalid("timestamp", "is in the future (" + timestamp + "; the server's time is " + now
                    + ")");
        }
        if (timestamp.isBefore(earliest)) {
            throw record.invalid("timestamp", "is older than the retention (earliest accepted: " + earliest + ")");
        }
        String service = required(record, "service", MAX_SERVICE);
        if (service.equals(RequestEvent.OWN_SERVICE)) {
            throw record.invalid("service", "'" + RequestEvent.OWN_SERVICE + "' is reserved for Vigil's own requests");
        }
        String method = required(record, "method", 16).toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw record.invalid("method", "must be an HTTP method such as GET or POST");
        }
        String endpoint = required(record, "endpoint", MAX_ENDPOINT);
        String path = required(record, "path", MAX_PATH);
        int status = record.requiredInt("status", 100, 599);
        double durationMs = record.requiredNonNegative("duration_ms");
        if (durationMs > MAX_DURATION_MS) {
            throw record.invalid("duration_ms", "must be at most " + (long) MAX_DURATION_MS + " (a day)");
        }
        String user = record.optionalString("user", MAX_USER);
        String requestId = record.optionalString("request_id", MAX_ID);
        String traceId = record.optionalString("trace_id", MAX_ID);
        Long queryCount = record.optionalLong("query_count");
        if (queryCount != null && (queryCount < 0 || queryCount > Integer.MAX_VALUE)) {
            throw record.invalid("query_count", "must be an integer >= 0");
        }
        Double queryTimeMs = record.optionalNonNegative("query_time_ms");
        Long bytes = record.optionalLong("bytes");
        if (bytes != null && bytes < 0) {
            throw record.invalid("bytes", "must be an integer >= 0");
        }
        String client = record.optionalString("client", MAX_CLIENT);
        return new RequestEvent(timestamp, service, method, endpoint, path, status, durationMs, blankToNull(user),
                                blankToNull(requestId), blankToNull(traceId),
                                queryCount == null ? null : queryCount.intValue(), queryTimeMs, bytes,
                                blankToNull(client));
    }

    /** Whether a record of this time is within what the route accepts: not older than retention, not too far ahead. */
    boolean accepts(Instant timestamp) {
        return !timestamp.isAfter(latest) && !timestamp.isBefore(earliest);
    }

    /** The record with every text cut to the length the route accepts. */
    static RequestEvent withinLimits(RequestEvent r) {
        return new RequestEvent(r.timestamp(), cut(r.service(), MAX_SERVICE), cut(r.method(), 16),
                                cut(r.endpoint(), MAX_ENDPOINT), cut(r.path(), MAX_PATH), r.status(),
                                Math.min(r.durationMs(), MAX_DURATION_MS), cut(r.user(), MAX_USER),
                                cut(r.requestId(), MAX_ID), cut(r.traceId(), MAX_ID), r.queryCount(), r.queryTimeMs(),
                                r.bytes(), cut(r.client(), MAX_CLIENT));
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
