package dev.vigil.plugins.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.ServerInfo;
import dev.vigil.api.Signals;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.IngestAllowance;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.http.Role;
import dev.vigil.api.http.TimestampWindow;
import dev.vigil.api.storage.WriteQueue;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The dashboard's JSON routes: who is signed in, the state of the stream, and browser vitals in and out. */
final class DashboardRoutes {

    /** Beacons are small; a batch of the maximum records fits well within this. */
    private static final long MAX_VITALS_BODY = 2L * 1024 * 1024;
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_SIGNAL_NAMES = 20;
    private static final int MAX_POINTS = 720;

    private final LiveConfig<DashboardConfig> config;
    private final JsonSupport json;
    private final WriteQueue<VitalRecord> vitalsQueue;
    private final VitalsReader vitals;
    private final StreamHub hub;
    private final ServerInfo server;
    private final Clock clock;
    private final IngestCounters counters;
    private final Signals signalStore;

    DashboardRoutes(LiveConfig<DashboardConfig> config, JsonSupport json, WriteQueue<VitalRecord> vitalsQueue,
                    VitalsReader vitals, StreamHub hub, ServerInfo server, Clock clock, IngestCounters counters,
                    Signals signalStore) {
        this.config = config;
        this.json = json;
        this.vitalsQueue = vitalsQueue;
        this.vitals = vitals;
        this.hub = hub;
        this.server = server;
        this.clock = clock;
        this.counters = counters;
        this.signalStore = signalStore;
    }

    /** Counts shown by the status route. */
    static final class IngestCounters {
        final AtomicLong batches = new AtomicLong();
        final AtomicLong records = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
    }

    /** {@code GET /session}: the signed-in token's name and role, and what the app needs to start. */
    void session(ServerRequest request, ServerResponse response) {
        Caller caller = Caller.of(request);
        DashboardConfig settings = config.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_name", caller.tokenName());
        body.put("role", caller.role().label());
        body.put("can_change", caller.role() == Role.ADMIN);
        body.put("title", settings.title());
        body.put("server_version", server.version());
        body.put("refresh_seconds", settings.refreshInterval().toSeconds());
        body.put("server_time", clock.instant());
        json.send(response, body);
    }

    /**
     * {@code GET /signals?names=system.cpu_percent,requests.p95_ms&minutes=60&labelled=false}: the recent points of
     * several signals in one call, overall series only unless {@code labelled=true} — what the overview's live chart
     * starts from (the admin API answers one name at a time with every labelled series).
     */
    void signals(ServerRequest request, ServerResponse response) {
        String names = QueryParams.string(request, "names")
                .orElseThrow(() -> ApiException.invalidField("names", "is required: signal names, comma-separated"));
        List<String> wanted = java.util.Arrays.stream(names.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                .distinct().toList();
        if (wanted.isEmpty() || wanted.size() > MAX_SIGNAL_NAMES) {
            throw new ApiException(400, "invalid_parameter", "query parameter 'names' must name 1 to "
                    + MAX_SIGNAL_NAMES + " signals", Map.of("parameter", "names"), null);
        }
        int minutes = QueryParams.integer(request, "minutes", 60, 1, 24 * 60);
        boolean labelled = QueryParams.bool(request, "labelled", false);
        Instant since = clock.instant().minus(Duration.ofMinutes(minutes));
        List<Map<String, Object>> series = new java.util.ArrayList<>();
        for (String name : wanted) {
            for (Signals.SignalSeries one : signalStore.history(name, null, since)) {
                if (labelled || one.labels().isEmpty()) {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", one.name());
                    view.put("labels", one.labels());
                    view.put("points", thin(one.points(), MAX_POINTS));
                    series.add(view);
                }
            }
        }
        json.send(response, Map.of("minutes", minutes, "series", series));
    }

    /** At most {@code max} points, evenly picked, the newest always kept. */
    static <T> List<T> thin(List<T> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<T> kept = new java.util.ArrayList<>(max);
        double step = (double) points.size() / max;
        for (int i = 0; i < max - 1; i++) {
            kept.add(points.get((int) (i * step)));
        }
        kept.add(points.get(points.size() - 1));
        return kept;
    }

    /** {@code GET /status}: stream clients and vitals ingest counters. */
    void status(ServerRequest request, ServerResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream", hub.describe());
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("batches", counters.batches.get());
        ingest.put("records", counters.records.get());
        ingest.put("rejected_batches", counters.rejected.get());
        ingest.put("queue_depth", vitalsQueue.depth());
        ingest.put("queue_capacity", vitalsQueue.capacity());
        body.put("vitals_ingest", ingest);
        json.send(response, body);
    }

    /**
     * {@code POST /vitals} (ingest): a batch from vigil.js. Browsers send it with sendBeacon as text/plain and the
     * token in {@code ?access_token=}; 202 once the batch is durable.
     */
    void ingest(ServerRequest request, ServerResponse response) {
        Instant now = clock.instant();
        DashboardConfig settings = config.get();
        List<VitalRecord> records;
        try {
            records = VitalsParser.parse(IngestAllowance.of(request), json.readTree(request, MAX_VITALS_BODY),
                                         settings.vitalsMaxRecords(), new TimestampWindow(now,
                                                 settings.vitalsRetention(), TimestampWindow.DEFAULT_CLOCK_SKEW));
        } catch (ApiException e) {
            counters.rejected.incrementAndGet();
            throw e;
        }
        vitalsQueue.submitAndWait(records, STORE_TIMEOUT);
        counters.batches.incrementAndGet();
        counters.records.addAndGet(records.size());
        json.send(response, Status.ACCEPTED_202, Map.of("accepted", records.size()));
    }

    /** {@code GET /vitals?hours=24&service=}: every page's 75th percentiles, and the overall ones. */
    void pages(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, maxHours());
        int limit = QueryParams.integer(request, "limit", 100, 1, 1000);
        String service = QueryParams.string(request, "service").orElse(null);
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        VitalsReader.Report report = vitals.pages(since, service);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hours", hours);
        body.put("since", since);
        body.put("overall", report.overall());
        body.put("page_count", report.pages().size());
        body.put("pages", report.pages().stream().limit(limit).toList());
        body.put("thresholds", thresholds());
        json.send(response, body);
    }

    /** {@code GET /vitals/page?service=&page=&hours=}: one page's figures, hourly series and slow resources. */
    void page(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, maxHours());
        String service = QueryParams.string(request, "service")
                .orElseThrow(() -> ApiException.invalidField("service", "is required"));
        String path = QueryParams.string(request, "page")
                .orElseThrow(() -> ApiException.invalidField("page", "is required"));
        PageKey key = new PageKey(service, path);
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        VitalsReader.PageFigures figures = vitals.pages(since, service).pages().stream()
                .filter(p -> p.page().equals(path)).findFirst()
                .orElseThrow(() -> ApiException.notFound("no vitals for page '" + path + "' of '" + service
                                                                 + "' in the last " + hours + " h"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service);
        body.put("page", path);
        body.put("hours", hours);
        body.put("views", figures.views());
        body.put("metrics", figures.metrics());
        body.put("series", vitals.hourly(key, since));
        body.put("resources", vitals.resources(since, key, 50));
        body.put("thresholds", thresholds());
        json.send(response, body);
    }

    /** {@code GET /vitals/resources?hours=&limit=}: the slowest resources pages waited on. */
    void resources(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, maxHours());
        int limit = QueryParams.integer(request, "limit", 50, 1, 500);
        Instant since = clock.instant().minus(Duration.ofHours(hours));
        json.send(response, Map.of("hours", hours, "resources", vitals.resources(since, null, limit)));
    }

    private int maxHours() {
        return (int) Math.max(1, config.get().vitalsRetention().toHours());
    }

    private static Map<String, Object> thresholds() {
        Map<String, Object> thresholds = new LinkedHashMap<>();
        for (WebVital metric : WebVital.values()) {
            if (metric.rated()) {
                thresholds.put(metric.key(), Map.of("good", metric.goodUpTo(), "poor", metric.poorAbove(),
                                                    "unit", metric.millis() ? "ms" : "score",
                                                    "title", metric.title()));
            }
        }
        return thresholds;
    }
}
