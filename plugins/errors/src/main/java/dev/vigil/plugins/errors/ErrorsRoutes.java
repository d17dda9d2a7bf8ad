package dev.vigil.plugins.errors;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.IngestBatch;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.http.TimestampWindow;
import dev.vigil.api.services.TraceLinks;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers: read the request, call the pipeline or the store, answer JSON. */
final class ErrorsRoutes {

    /** A note explaining a status change is optional; longer ones are refused. */
    private static final int MAX_NOTE_LENGTH = 2000;
    private static final int MAX_HOURS = 24 * 90;

    private final Supplier<ErrorsConfig> config;
    private final ErrorRecordReader reader;
    private final ErrorPipeline pipeline;
    private final ErrorStore store;
    private final ErrorMetrics metrics;
    private final JsonSupport json;
    private final Clock clock;
    private final TraceLinks traceLinks;

    ErrorsRoutes(Supplier<ErrorsConfig> config, ErrorRecordReader reader, ErrorPipeline pipeline, ErrorStore store,
                 ErrorMetrics metrics, JsonSupport json, Clock clock, TraceLinks traceLinks) {
        this.config = config;
        this.reader = reader;
        this.pipeline = pipeline;
        this.store = store;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.traceLinks = traceLinks;
    }

    /** A batch of error events: all stored or none; 200 only once they are durable. */
    void ingest(ServerRequest request, ServerResponse response) {
        ErrorsConfig current = config.get();
        // Browsers' sendBeacon posts text/plain: the body is read as JSON whatever its declared type.
        JsonNode body = json.readTree(request, current.maxBodyBytes());
        TimestampWindow window = current.timestampWindow(clock.instant());
        String remoteAddress = remoteAddress(request);
        List<PreparedError> stored;
        try {
            List<ErrorEvent> events = IngestBatch.parse(request, body, current.maxBatchRecords(),
                                                        record -> reader.read(record, current, window, remoteAddress));
            stored = pipeline.record(events);
        } catch (ApiException refused) {
            metrics.rejected(IngestBatch.offered(body));
            throw refused;
        }
        metrics.accepted(stored.size());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", stored.size());
        answer.put("new_groups", stored.stream().filter(e -> e.outcome().newGroup).count());
        answer.put("regressions", stored.stream().filter(e -> e.outcome().regressed).count());
        answer.put("group_ids", stored.stream().map(e -> e.outcome().groupId).toList());
        json.send(response, answer);
    }

    void groups(ServerRequest request, ServerResponse response) {
        GroupStatus status = QueryParams.string(request, "status").map(value -> parse(value, "status",
                GroupStatus.class)).orElse(null);
        ErrorLevel level = QueryParams.string(request, "level").map(value -> parse(value, "level", ErrorLevel.class))
                .orElse(null);
        String sort = QueryParams.oneOf(request, "sort", "last_seen", Set.of("last_seen", "count"));
        ErrorStore.GroupFilter filter = new ErrorStore.GroupFilter(
                status, level, QueryParams.string(request, "service").orElse(null),
                since(request), sort.equals("count"),
                QueryParams.integer(request, "limit", 50, 1, 500),
                QueryParams.integer(request, "offset", 0, 0, Integer.MAX_VALUE));
        json.send(response, store.groups(filter));
    }

    void group(ServerRequest request, ServerResponse response) {
        long id = groupId(request);
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        json.send(response, store.group(id, hours, config.get().occurrencesPerGroup())
                .orElseThrow(() -> noSuchGroup(id)).withTraceLinks(traceLinks));
    }

    void resolve(ServerRequest request, ServerResponse response) throws SQLException {
        changeStatus(request, response, GroupStatus.RESOLVED, "resolved");
    }

    void ignore(ServerRequest request, ServerResponse response) throws SQLException {
        changeStatus(request, response, GroupStatus.IGNORED, "ignored");
    }

    void reopen(ServerRequest request, ServerResponse response) throws SQLException {
        changeStatus(request, response, GroupStatus.UNRESOLVED, "reopened");
    }

    void summary(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        json.send(response, store.summary(hours, QueryParams.string(request, "service").orElse(null)));
    }

    /** The optional body of a status change. */
    record StatusNote(String note) {
    }

    private void changeStatus(ServerRequest request, ServerResponse response, GroupStatus target, String historyType)
            throws SQLException {
        long id = groupId(request);
        String note = null;
        if (request.content().hasEntity()) {
            note = json.read(request, StatusNote.class).note();
            if (note != null && note.length() > MAX_NOTE_LENGTH) {
                throw ApiException.invalidField("note", "is longer than " + MAX_NOTE_LENGTH + " characters");
            }
        }
        Optional<Boolean> changed = store.changeStatus(id, target, historyType, Caller.of(request).tokenName(),
                                                       note == null || note.isBlank() ? null : note.strip());
        if (changed.isEmpty()) {
            throw noSuchGroup(id);
        }
        Views.GroupDetail group = store.group(id, 24, config.get().occurrencesPerGroup())
                .orElseThrow(() -> noSuchGroup(id));
        json.send(response, new Views.StatusChange(changed.get(), group));
    }

    /**
     * An ISO-8601 time, or epoch milliseconds: the server refuses an unencoded ':' in a query string, so scripts
     * that do not encode it can send a number instead.
     */
    private static Instant since(ServerRequest request) {
        Optional<String> raw = QueryParams.string(request, "since");
        if (raw.isPresent() && raw.get().strip().matches("\\d{1,15}")) {
            return Instant.ofEpochMilli(Long.parseLong(raw.get().strip()));
        }
        return QueryParams.instant(request, "since").orElse(null);
    }

    private static long groupId(ServerRequest request) {
        String text = request.path().pathParameters().get("id");
        try {
            long id = Long.parseLong(text);
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_parameter", "path parameter 'id' must be a positive integer, got '"
                    + text + "'", Map.of("parameter", "id"), null);
        }
    }

    private static ApiException noSuchGroup(long id) {
        return ApiException.notFound("no error group " + id);
    }

    private static <E extends Enum<E>> E parse(String value, String name, Class<E> type) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new ApiException(400, "invalid_parameter", "query parameter '" + name + "' must be one of "
                    + allowed + ", got '" + value + "'", Map.of("parameter", name), null);
        }
    }

    /** The sender's address: the first X-Forwarded-For hop when a proxy says so, else the connection's peer. */
    private static String remoteAddress(ServerRequest request) {
        Optional<String> forwarded = request.headers().first(HeaderNames.X_FORWARDED_FOR);
        if (forwarded.isPresent()) {
            String first = forwarded.get().split(",")[0].strip();
            if (IpAddresses.isLiteral(first)) {
                return first;
            }
        }
        SocketAddress peer = request.remotePeer().address();
        if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return null;
    }
}
