package dev.vigil.plugins.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.services.AlertHistory;
import dev.vigil.api.services.DependencyHealth;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.api.services.QueryFigures;
import dev.vigil.api.services.QueryInsights;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.api.services.ResourceUsage;
import dev.vigil.api.stats.LatencyHistogram;

/**
 * Services as the owning plugins offer them, answering fixed data (the plugins' own tests check that their services
 * answer what they store): for testing what the report makes of them.
 */
final class FakeServices implements ServiceLookup {

    private final Map<Class<?>, Object> services = new LinkedHashMap<>();
    final List<Instant[]> asked = new ArrayList<>();

    <T> FakeServices with(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    @Override
    public <T> List<T> all(Class<T> type) {
        return find(type).stream().toList();
    }

    /** An endpoint's figures with {@code n} requests of each given duration. */
    static RequestHistory.EndpointFigures endpoint(String service, String method, String endpoint, long clientErrors,
                                                   long serverErrors, long n, double... durations) {
        LatencyHistogram histogram = new LatencyHistogram();
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double d : durations) {
            histogram.add(d, n);
            sum += d * n;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return new RequestHistory.EndpointFigures(service, method, endpoint, n * durations.length, clientErrors,
                                                  serverErrors, sum, min, max, histogram);
    }

    /** Every service, with data holding text a spreadsheet must not run and a CSV must quote. */
    FakeServices everything(Instant now) {
        with(RequestHistory.class, new RequestHistory() {
            @Override
            public List<dev.vigil.api.events.RequestEvent> requests(Instant from, Instant to, int limit) {
                return List.of();
            }

            @Override
            public List<EndpointMinute> endpointMinutes(Instant from, Instant to) {
                return List.of();
            }

            @Override
            public List<EndpointFigures> endpointFigures(Instant from, Instant to) {
                asked.add(new Instant[] {from, to});
                return List.of(endpoint("shop", "GET", "/orders/{id}", 2, 1, 100, 10),
                               endpoint("shop", "POST", "/pay,\"now\"", 0, 1, 5, 200, 400),
                               endpoint("shop", "GET", "=HYPERLINK(\"x\")", 1, 0, 1, 3),
                               endpoint("vigil", "GET", "/api/v1/admin/status", 0, 0, 50, 1));
            }
        });
        with(QueryFigures.class, (from, to, limit) -> new QueryFigures.FingerprintWindow(
                30, 123.456, 2, List.of(new QueryFigures.FingerprintFigures("a1", "select * from t where x = ?, y",
                                                                            20, 100.004, 5.0002, 9.99, 12),
                                        new QueryFigures.FingerprintFigures("b2", "-- comment\nselect 1", 10,
                                                                            23.452, 2.3452, 3, 4))
                .subList(0, Math.min(2, limit))));
        with(QueryInsights.class, () -> List.of(
                new QueryInsights.QueryFinding("N_PLUS_ONE", "shop", "/orders/{id}", "a1", "SELECT * FROM t WHERE x = 1",
                                               12, 55.5, 3, now.minusSeconds(60)),
                new QueryInsights.QueryFinding("N_PLUS_ONE", "shop", "/old", "c3", "SELECT 2", 6, 9, 1,
                                               now.minusSeconds(48 * 3600)),
                new QueryInsights.QueryFinding("REPEATED_IDENTICAL", "shop", null, "b2", "SELECT 1", 5, 4, 2,
                                               now.minusSeconds(120)),
                new QueryInsights.QueryFinding("N_PLUS_ONE", "vigil", "/x", "d4", "SELECT 3", 7, 1, 1,
                                               now.minusSeconds(60))));
        with(ErrorHistory.class, (from, to, limit) -> new ErrorHistory.ErrorWindow(
                7, new LinkedHashMap<>(Map.of("DEBUG", 0L, "INFO", 0L, "WARNING", 1L, "ERROR", 5L, "CRITICAL", 1L)), 2,
                List.of(new ErrorHistory.ErrorGroup(4, "shop", "CRITICAL", "unresolved", "TimeoutError",
                                                    "-db, \"primary\"\ntimed out", 6, now.minusSeconds(7200),
                                                    now.minusSeconds(30)),
                        new ErrorHistory.ErrorGroup(9, "shop", "WARNING", "resolved", "@Warn", "cart big", 1,
                                                    now.minusSeconds(600), now.minusSeconds(600)))
                        .subList(0, Math.min(2, limit))));
        with(ResourceUsage.class, (from, to) -> new ResourceUsage.UsageWindow(
                "host-1", 360, new ResourceUsage.Spread(1.234, 12.345, 99.999, 360),
                new ResourceUsage.Spread(40, 41.5, 43, 360),
                Map.of("/", new ResourceUsage.Spread(70, 70, 70, 360),
                       "/data, x", new ResourceUsage.Spread(20, 20.5, 21, 360))));
        with(AlertHistory.class, (from, to, limit) -> new AlertHistory.AlertWindow(
                2, new LinkedHashMap<>(Map.of("warning", 1L, "critical", 1L)), 1,
                new LinkedHashMap<>(Map.of("warning", 1L, "critical", 0L)), 2,
                List.of(new AlertHistory.AlertRecord(2, "disk", "system.disk_percent",
                                                     Map.of("mount", "/data, x", "host", "h1"), "warning", "active",
                                                     85, 80, "disk at 85%", now.minusSeconds(100), null, null),
                        new AlertHistory.AlertRecord(1, "p95", "requests.p95_ms", Map.of(), "critical", "resolved",
                                                     900.5, 800, "p95 at 900.5 ms", now.minusSeconds(900),
                                                     now.minusSeconds(800), now.minusSeconds(700)))
                        .subList(0, Math.min(2, limit))));
        with(DependencyHealth.class, () -> Optional.of(new DependencyHealth.DependencyStatus(
                63, true, new LinkedHashMap<>(Map.of("critical", 1, "high", 1, "medium", 0, "low", 1, "unknown", 0)),
                40, 3, now.minusSeconds(3600), null)));
        return this;
    }
}
