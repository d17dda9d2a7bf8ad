package dev.vigil.plugins.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers that read the request, ask the sampling task or the store, and answer JSON. */
final class SystemRoutes {

    /** The longest history a client may ask for, in hours: the longest retention the config allows. */
    static final int MAX_HOURS = 3650 * 24;

    private final LiveConfig<SystemConfig> config;
    private final SamplingTask sampling;
    private final SampleStore store;
    private final HostInfo info;
    private final Supplier<String> host;
    private final JsonSupport json;
    private final Clock clock;

    SystemRoutes(LiveConfig<SystemConfig> config, SamplingTask sampling, SampleStore store, HostInfo info,
                 Supplier<String> host, JsonSupport json, Clock clock) {
        this.config = config;
        this.sampling = sampling;
        this.store = store;
        this.info = info;
        this.host = host;
        this.json = json;
        this.clock = clock;
    }

    /** The body of {@code GET /health}. */
    record HealthView(Health.Level level, String summary, List<Health.Reason> reasons, List<String> notes, String host,
                      Instant sampledAt, SystemConfig.Thresholds thresholds, Sample sample) {
    }

    void health(ServerRequest request, ServerResponse response) {
        SamplingTask.Latest latest = sampling.latest();
        Sample sample = latest == null ? null : latest.sample();
        // Three missed intervals (of the interval in force when the sample was taken) mean sampling has stalled.
        Duration staleAfter = latest == null ? Duration.ZERO : latest.interval().multipliedBy(3).plusSeconds(30);
        SystemConfig.Thresholds thresholds = config.get().thresholds();
        Health health = HealthEvaluator.evaluate(sample, thresholds, clock.instant(), staleAfter);
        json.send(response, new HealthView(health.level(), health.summary(), health.reasons(), health.notes(),
                                           host.get(), sample == null ? null : sample.time(), thresholds, sample));
    }

    /** The body of {@code GET /metrics}. */
    record MetricsView(String host, Instant from, Instant to, int hours, long bucketSeconds, int maxPointsPerSeries,
                       List<SampleStore.Series> series) {
    }

    void metrics(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        Set<Metric> metrics = metrics(QueryParams.string(request, "metric"));
        long width = Buckets.widthMillis(Duration.ofHours(hours));
        Instant to = clock.instant();
        // Starting at a bucket boundary makes the first bucket whole, and lets long ranges read the rollups.
        Instant from = Instant.ofEpochMilli(Math.floorDiv(to.minus(Duration.ofHours(hours)).toEpochMilli(), width)
                                                    * width);
        // The end is inclusive: a sample taken at this very millisecond belongs to "the last hours".
        String stored = host.get();
        json.send(response, new MetricsView(stored, from, to, hours, width / 1000, Buckets.MAX_POINTS,
                                            store.history(stored, metrics, from, to.plusMillis(1), width)));
    }

    /** A comma-separated list of metric keys (or signal names); empty means all of them. */
    static Set<Metric> metrics(Optional<String> parameter) {
        if (parameter.isEmpty()) {
            return new LinkedHashSet<>(List.of(Metric.values()));
        }
        Set<Metric> metrics = new LinkedHashSet<>();
        for (String name : parameter.get().split(",")) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            metrics.add(Metric.find(trimmed).orElseThrow(() -> new ApiException(
                    400, "invalid_parameter", "query parameter 'metric' names an unknown metric '" + trimmed
                    + "'; valid metrics: " + String.join(", ", Metric.keys()),
                    Map.of("parameter", "metric", "valid", Metric.keys()), null)));
        }
        if (metrics.isEmpty()) {
            return new LinkedHashSet<>(List.of(Metric.values()));
        }
        return metrics;
    }

    void info(ServerRequest request, ServerResponse response) {
        SystemConfig settings = config.get();
        SamplingTask.Latest latest = sampling.latest();
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("host_name", host.get());
        sampling.put("interval_seconds", settings.interval().toMillis() / 1000.0);
        sampling.put("retention_hours", settings.retention().toHours());
        sampling.put("samples_taken", latest == null ? 0 : latest.samplesTaken());
        sampling.put("last_sample_at", latest == null ? null : latest.sample().time());
        sampling.put("last_sample_cost_ms", latest == null ? null : round(latest.costMs()));
        sampling.put("last_sample_read_ms", latest == null ? null : round(latest.readMs()));
        sampling.put("last_sample_store_ms", latest == null || latest.storeMs() == null ? null
                : round(latest.storeMs()));
        sampling.put("oshi_provider", info.oshiProvider());
        sampling.put("ignore_mounts", settings.ignoreMounts());
        sampling.put("metrics", metricDescriptions());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("host_name", info.hostName());
        body.put("os", info.os());
        body.put("uptime_seconds", Duration.between(info.os().bootTime(), clock.instant()).toSeconds());
        body.put("cpu", info.cpu());
        body.put("memory", info.memory());
        body.put("jvm", info.jvm());
        body.put("jvm_uptime_seconds", Duration.between(info.jvm().startedAt(), clock.instant()).toSeconds());
        body.put("sampling", sampling);
        json.send(response, body);
    }

    private static double round(double millis) {
        return Math.round(millis * 100) / 100.0;
    }

    private static List<Map<String, String>> metricDescriptions() {
        List<Map<String, String>> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            Map<String, String> view = new LinkedHashMap<>();
            view.put("metric", metric.key());
            view.put("signal", metric.signal());
            if (metric.label() != null) {
                view.put("label", metric.label());
            }
            view.put("description", metric.description());
            metrics.add(view);
        }
        return metrics;
    }
}
