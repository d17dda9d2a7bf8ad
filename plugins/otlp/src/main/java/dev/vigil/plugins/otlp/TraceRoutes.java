package dev.vigil.plugins.otlp;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.services.QueryIngest;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The read routes: the kept traces, one trace's span tree, and what the intake has done. */
final class TraceRoutes {

    static final String TRACE_PATH = "/api/v1/otlp/traces/";
    private static final int MAX_HOURS = 24 * 30;

    private final TraceStore store;
    private final TracePipeline pipeline;
    private final MetricSignals metrics;
    private final ExposedMetrics exposed;
    private final IntakeStats stats;
    private final Supplier<OtlpConfig> config;
    private final ServiceLookup services;
    private final JsonSupport json;
    private final Clock clock;

    TraceRoutes(TraceStore store, TracePipeline pipeline, MetricSignals metrics, ExposedMetrics exposed,
                IntakeStats stats, Supplier<OtlpConfig> config, ServiceLookup services, JsonSupport json,
                Clock clock) {
        this.store = store;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.exposed = exposed;
        this.stats = stats;
        this.config = config;
        this.services = services;
        this.json = json;
        this.clock = clock;
    }

    /** {@code GET /traces?service=&endpoint=&min_ms=&status=error&hours=24&limit=50}: newest first. */
    void list(ServerRequest request, ServerResponse response) throws SQLException {
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        int limit = QueryParams.integer(request, "limit", 50, 1, 500);
        String status = QueryParams.oneOf(request, "status", "any", Set.of("any", "error"));
        Double minMs = QueryParams.string(request, "min_ms").isPresent()
                ? QueryParams.number(request, "min_ms", 0, 0, 1e9) : null;
        long since = clock.millis() - hours * 3_600_000L;
        List<TraceStore.TraceRow> rows = store.list(new TraceStore.Filter(
                since, QueryParams.string(request, "service").orElse(null),
                QueryParams.string(request, "endpoint").orElse(null), minMs, status.equals("error"), limit));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hours", hours);
        body.put("retention", config.get().traces().retention());
        body.put("traces", rows.stream().map(row -> TraceView.summary(row, TRACE_PATH + row.traceId())).toList());
        json.send(response, body);
    }

    /** {@code GET /traces/{trace_id}}: the span tree of a kept trace. */
    void trace(ServerRequest request, ServerResponse response) throws SQLException {
        String traceId = request.path().pathParameters().get("trace_id").toLowerCase(Locale.ROOT);
        if (!Ids.isHex(traceId, Ids.TRACE_ID_BYTES)) {
            throw ApiException.invalidField("trace_id", "must be 32 hex digits, got '" + shorten(traceId) + "'");
        }
        var found = store.trace(traceId).orElseThrow(() -> ApiException.notFound(
                "trace " + traceId + " is not kept: only failed, slow and sampled traces are (see traces in "
                        + "config/plugins/otlp.yaml), for traces.retention"));
        json.send(response, TraceView.tree(found.getKey(), found.getValue(), TRACE_PATH + traceId,
                                           services.find(QueryIngest.class), json.mapper()));
    }

    /** {@code GET /status}: counters since start, what is held now, and the limits in force. */
    void status(ServerRequest request, ServerResponse response) {
        OtlpConfig settings = config.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counters", stats.counters());
        body.put("refused", stats.refusals());
        body.put("assembly", pipeline.state());
        body.put("signals", metrics.state());
        body.put("prometheus", exposed.state());
        body.put("sample_percent", settings.traces().samplePercent());
        body.put("request_span_kinds", settings.requestSpanKinds());
        body.put("what_is_exact", "every accepted span is handed to its owner: requests, statements and errors "
                + "are complete; traces are kept for failed, slow and sample-percent of the other traces");
        json.send(response, body);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
