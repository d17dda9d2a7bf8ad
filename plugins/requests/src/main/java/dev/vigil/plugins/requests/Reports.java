package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns merged figures into what the routes answer: pure, no I/O. */
final class Reports {

    static final Set<String> ENDPOINT_SORTS = Set.of("count", "total_time", "avg", "p95", "p99", "max", "errors",
                                                     "error_rate");
    static final int TOP = 10;

    private Reports() {
    }

    /** One endpoint's figures over a window. Percentiles are within 1%; null when there were no requests. */
    record EndpointFigures(String key, String service, String method, String endpoint, long count,
                           double throughputRps, Double avgMs, Double p50Ms, Double p90Ms, Double p95Ms,
                           Double p99Ms, Double minMs, Double maxMs, double totalTimeMs, long clientErrors,
                           long serverErrors, double clientErrorRatePercent, double serverErrorRatePercent,
                           long slowCount) {
    }

    /** The health word and why. */
    record Health(String status, List<String> reasons) {
    }

    static EndpointFigures figures(EndpointKey key, RequestStats stats, double seconds, double slowMs) {
        boolean any = stats.count() > 0;
        return new EndpointFigures(key.id(), key.service(), key.method(), key.endpoint(), stats.count(),
                                   round(stats.count() / seconds), round(stats.avgMs()),
                                   round(stats.percentileMs(0.50)), round(stats.percentileMs(0.90)),
                                   round(stats.percentileMs(0.95)), round(stats.percentileMs(0.99)),
                                   any ? round(stats.minMs()) : null, any ? round(stats.maxMs()) : null,
                                   round(stats.sumMs()), stats.clientErrors(), stats.serverErrors(),
                                   round(stats.clientErrorPercent()), round(stats.serverErrorPercent()),
                                   stats.slowCount(slowMs));
    }

    static List<EndpointFigures> endpoints(Map<EndpointKey, RequestStats> byEndpoint, double seconds, double slowMs,
                                           String sort, int limit) {
        return byEndpoint.entrySet().stream()
                .map(e -> figures(e.getKey(), e.getValue(), seconds, slowMs))
                .sorted(order(sort))
                .limit(limit)
                .toList();
    }

    /** Descending by the named figure; ties by name, so that pages are stable. */
    static Comparator<EndpointFigures> order(String sort) {
        Comparator<EndpointFigures> by = switch (sort) {
            case "total_time" -> Comparator.comparingDouble(EndpointFigures::totalTimeMs);
            case "avg" -> Comparator.comparingDouble(f -> orZero(f.avgMs()));
            case "p95" -> Comparator.comparingDouble(f -> orZero(f.p95Ms()));
            case "p99" -> Comparator.comparingDouble(f -> orZero(f.p99Ms()));
            case "max" -> Comparator.comparingDouble(f -> orZero(f.maxMs()));
            case "errors" -> Comparator.comparingLong(EndpointFigures::serverErrors);
            case "error_rate" -> Comparator.comparingDouble(EndpointFigures::serverErrorRatePercent);
            case "count" -> Comparator.comparingLong(EndpointFigures::count);
            default -> throw new IllegalArgumentException("unknown sort " + sort);
        };
        return by.reversed().thenComparing(EndpointFigures::service).thenComparing(EndpointFigures::endpoint)
                .thenComparing(EndpointFigures::method);
    }

    static Map<String, Object> summary(TimeWindow window, int hours, String service,
                                       Map<EndpointKey, RequestStats> byEndpoint, RequestsConfig config) {
        RequestStats overall = new RequestStats();
        byEndpoint.values().forEach(overall::merge);
        double seconds = window.elapsedSeconds();
        double slowMs = config.slowRequestMs();
        Health health = health(overall, config.health());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", window.fromInstant());
        body.put("to", Instant.ofEpochMilli(window.now()));
        body.put("hours", hours);
        body.put("service", service);
        body.put("total", overall.count());
        body.put("throughput_rps", round(overall.count() / seconds));
        body.put("avg_ms", round(overall.avgMs()));
        body.put("p50_ms", round(overall.percentileMs(0.50)));
        body.put("p90_ms", round(overall.percentileMs(0.90)));
        body.put("p95_ms", round(overall.percentileMs(0.95)));
        body.put("p99_ms", round(overall.percentileMs(0.99)));
        body.put("max_ms", overall.count() == 0 ? null : round(overall.maxMs()));
        body.put("slow_threshold_ms", slowMs);
        body.put("slow_count", overall.slowCount(slowMs));
        body.put("client_errors", overall.clientErrors());
        body.put("server_errors", overall.serverErrors());
        body.put("client_error_rate_percent", round(overall.clientErrorPercent()));
        body.put("server_error_rate_percent", round(overall.serverErrorPercent()));
        body.put("endpoints", byEndpoint.size());
        body.put("top_by_count", endpoints(byEndpoint, seconds, slowMs, "count", TOP));
        body.put("top_by_total_time", endpoints(byEndpoint, seconds, slowMs, "total_time", TOP));
        body.put("health", health.status());
        body.put("health_reasons", health.reasons());
        return body;
    }

    /** {@code idle} without traffic; {@code critical} or {@code degraded} when the 5xx rate or p95 reach a level. */
    static Health health(RequestStats overall, RequestsConfig.Health thresholds) {
        if (overall.count() == 0) {
            return new Health("idle", List.of("no requests in the window"));
        }
        double errorRate = overall.serverErrorPercent();
        double p95 = overall.percentileMs(0.95);
        List<String> critical = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (errorRate >= thresholds.criticalErrorRatePercent()) {
            critical.add(String.format("5xx rate %.2f%% >= %s%%", errorRate, trim(thresholds.criticalErrorRatePercent())));
        } else if (errorRate >= thresholds.degradedErrorRatePercent()) {
            degraded.add(String.format("5xx rate %.2f%% >= %s%%", errorRate, trim(thresholds.degradedErrorRatePercent())));
        }
        if (p95 >= thresholds.criticalP95Ms()) {
            critical.add(String.format("p95 %.1f ms >= %s ms", p95, trim(thresholds.criticalP95Ms())));
        } else if (p95 >= thresholds.degradedP95Ms()) {
            degraded.add(String.format("p95 %.1f ms >= %s ms", p95, trim(thresholds.degradedP95Ms())));
        }
        if (!critical.isEmpty()) {
            critical.addAll(degraded);
            return new Health("critical", critical);
        }
        if (!degraded.isEmpty()) {
            return new Health("degraded", degraded);
        }
        return new Health("healthy", List.of());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** Three decimals: microsecond precision for milliseconds, enough for rates and percents. */
    static Double round(Double value) {
        return value == null ? null : round(value.doubleValue());
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
