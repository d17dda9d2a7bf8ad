package dev.vigil.plugins.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.api.storage.WriteQueue;

import com.fasterxml.jackson.core.type.TypeReference;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The read routes: short handlers that read parameters, call the stores and {@link Reports}, and answer JSON. */
final class RequestsRoutes {

    static final int MAX_HOURS = 720;
    private static final Set<String> USER_SORTS = Set.of("count", "total_time", "errors", "avg", "max");
    private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    /**
     * The queues and counters {@code /status} shows, and the kept traces among trace ids with their API paths
     * (empty when no plugin keeps traces).
     */
    record Parts(WriteQueue<RequestEvent> ingestQueue, WriteQueue<OwnTraffic> trafficQueue, Ingestor ingestor,
                 TrafficRecorder traffic, Retention retention, RequestMetrics metrics, TraceLinks traceLinks) {
    }

    private final LiveConfig<RequestsConfig> config;
    private final FigureStore figures;
    private final RawStore raw;
    private final JsonSupport json;
    private final Clock clock;
    private final Parts parts;

    RequestsRoutes(LiveConfig<RequestsConfig> config, FigureStore figures, RawStore raw, JsonSupport json, Clock clock,
                   Parts parts) {
        this.config = config;
        this.figures = figures;
        this.raw = raw;
        this.json = json;
        this.clock = clock;
        this.parts = parts;
    }

    void summary(ServerRequest request, ServerResponse response) {
        int hours = hours(request);
        String service = QueryParams.string(request, "service").orElse(null);
        TimeWindow window = TimeWindow.lastHours(clock.instant(), hours);
        ServiceFilter services = ServiceFilter.of(service, config.get().ownTrafficInOverall());
        Map<String, Object> body = Reports.summary(window, hours, service, figures.byEndpoint(window, services),
                                                   config.get());
        body.put("own_traffic_included", services.includes(RequestEvent.OWN_SERVICE));
        json.send(response, body);
    }

    void endpoints(ServerRequest request, ServerResponse response) {
        int hours = hours(request);
        String sort = QueryParams.oneOf(request, "sort", "count", Reports.ENDPOINT_SORTS);
        int limit = QueryParams.integer(request, "limit", 100, 1, 1000);
        String service = QueryParams.string(request, "service").orElse(null);
        TimeWindow window = TimeWindow.lastHours(clock.instant(), hours);
        ServiceFilter services = ServiceFilter.of(service, config.get().ownTrafficInOverall());
        Map<EndpointKey, RequestStats> byEndpoint = figures.byEndpoint(window, services);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.fromInstant());
        body.put("to", Instant.ofEpochMilli(window.now()));
        body.put("hours", hours);
        body.put("service", service);
        body.put("own_traffic_included", services.includes(RequestEvent.OWN_SERVICE));
        body.put("sort", sort);
        body.put("total_endpoints", byEndpoint.size());
        body.put("endpoints", Reports.endpoints(byEndpoint, window.elapsedSeconds(), config.get().slowRequestMs(),
                                                sort, limit));
        json.send(response, body);
    }

    void endpoint(ServerRequest request, ServerResponse response) {
        EndpointKey key = EndpointKey.parse(request.path().pathParameters().get("key"));
        int hours = hours(request);
        TimeWindow window = TimeWindow.lastHours(clock.instant(), hours);
        RequestStats totals = figures.byEndpoint(window, key).get(key);
        if (totals == null || totals.count() == 0) {
            throw ApiException.notFound("no " + key.method() + " " + key.endpoint() + " requests of service '"
                                                + key.service() + "' in the last " + hours + " h");
        }
        long step = Series.stepMillis(window);
        List<FigureStore.PeriodFigures> rows = figures.periods(
                Series.usesHours(step) ? Schema.HOURS : Schema.MINUTES,
                new TimeWindow.Range(Series.dataFrom(window, step), window.to()), key);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.fromInstant());
        body.put("to", Instant.ofEpochMilli(window.now()));
        body.put("hours", hours);
        body.put("endpoint", Reports.figures(key, totals, window.elapsedSeconds(), config.get().slowRequestMs()));
        body.put("step_seconds", step / 1000);
        body.put("series", Series.build(window, step, rows));
        json.send(response, body);
    }

    void slow(ServerRequest request, ServerResponse response) {
        int hours = hours(request);
        int limit = QueryParams.integer(request, "limit", 20, 1, 500);
        double threshold = config.get().slowRequestMs();
        double minMs = QueryParams.number(request, "min_ms", threshold, 0, RecordParser.MAX_DURATION_MS);
        TimeWindow window = TimeWindow.lastHours(clock.instant(), hours);
        ServiceFilter services = ServiceFilter.of(QueryParams.string(request, "service").orElse(null),
                                                  config.get().ownTrafficInOverall());
        RawStore.SlowFilter filter = new RawStore.SlowFilter(window.from(), window.to(), minMs, services,
                                                             QueryParams.string(request, "method").orElse(null),
                                                             QueryParams.string(request, "endpoint").orElse(null));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("own_traffic_included", services.includes(RequestEvent.OWN_SERVICE));
        body.put("from", window.fromInstant());
        body.put("to", Instant.ofEpochMilli(window.now()));
        body.put("min_ms", minMs);
        body.put("raw_retention", config.get().rawRetention());
        body.put("requests", linkTraces(raw.slowest(filter, limit)));
        json.send(response, body);
    }

    /** Each record as JSON, with {@code trace}: the API path of its trace when that trace is kept, else null. */
    private List<Map<String, Object>> linkTraces(List<RequestEvent> records) {
        List<String> traceIds = records.stream().map(RequestEvent::traceId).filter(Objects::nonNull).distinct()
                .toList();
        Map<String, String> kept = traceIds.isEmpty() ? Map.of() : parts.traceLinks().kept(traceIds);
        List<Map<String, Object>> linked = new ArrayList<>(records.size());
        for (RequestEvent record : records) {
            Map<String, Object> row = json.mapper().convertValue(record, MAP_TYPE);
            row.put("trace", record.traceId() == null ? null : kept.get(record.traceId()));
            linked.add(row);
        }
        return linked;
    }

    void users(ServerRequest request, ServerResponse response) {
        int hours = hours(request);
        int limit = QueryParams.integer(request, "limit", 20, 1, 1000);
        String sort = QueryParams.oneOf(request, "sort", "count", USER_SORTS);
        ServiceFilter services = ServiceFilter.of(QueryParams.string(request, "service").orElse(null),
                                                  config.get().ownTrafficInOverall());
        TimeWindow window = TimeWindow.lastHours(clock.instant(), hours);
        // User figures are kept per hour: the window starts at the top of its first hour.
        long from = Periods.floor(window.from(), Periods.HOUR);
        List<Map<String, Object>> users = figures.users(from, window.to(), services, sort, limit).stream()
                .map(u -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("user", u.user());
                    item.put("count", u.count());
                    item.put("avg_ms", Reports.round(u.count() == 0 ? 0 : u.totalTimeMs() / u.count()));
                    item.put("max_ms", Reports.round(u.maxMs()));
                    item.put("total_time_ms", Reports.round(u.totalTimeMs()));
                    item.put("client_errors", u.clientErrors());
                    item.put("server_errors", u.serverErrors());
                    item.put("server_error_rate_percent",
                             Reports.round(u.count() == 0 ? 0 : 100.0 * u.serverErrors() / u.count()));
                    return item;
                })
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", Instant.ofEpochMilli(from));
        body.put("to", Instant.ofEpochMilli(window.now()));
        body.put("service", services.only());
        body.put("own_traffic_included", services.includes(RequestEvent.OWN_SERVICE));
        body.put("sort", sort);
        body.put("users", users);
        json.send(response, body);
    }

    void status(ServerRequest request, ServerResponse response) {
        RequestsConfig settings = config.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ingested_records", parts.ingestor().accepted());
        body.put("ingest_queue", Map.of("depth", parts.ingestQueue().depth(),
                                        "capacity", parts.ingestQueue().capacity()));
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("enabled", settings.recordOwnTraffic());
        own.put("recorded", parts.traffic().recorded());
        own.put("kept_raw", parts.traffic().raw());
        own.put("dropped", parts.traffic().dropped());
        own.put("published_as_events", parts.traffic().sampled());
        own.put("published", "every request in per-minute RequestMinute figures (exact); as RequestEvents every "
                + settings.ownTrafficEventSample() + "th request and every slow or 5xx one (a sample)");
        own.put("flush_interval", settings.ownTrafficFlushInterval());
        own.put("depth", parts.trafficQueue().depth());
        own.put("capacity", parts.trafficQueue().capacity());
        body.put("own_traffic", own);
        body.put("own_traffic_in_overall", settings.ownTrafficInOverall());
        body.put("metrics", Map.of("max_services", settings.metricsMaxServices(),
                                   "folded_services", parts.metrics().foldedServices(),
                                   "max_endpoints_per_service", settings.metricsMaxEndpoints(),
                                   "folded_endpoints", parts.metrics().foldedEndpoints()));
        body.put("slow_request_ms", settings.slowRequestMs());
        body.put("retention", settings.retention());
        body.put("raw_retention", settings.rawRetention());
        body.put("last_retention_run", parts.retention().last());
        json.send(response, body);
    }

    private static int hours(ServerRequest request) {
        return QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
    }
}
