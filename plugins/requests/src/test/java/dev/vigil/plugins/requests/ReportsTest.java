package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReportsTest {

    private static final EndpointKey USERS = new EndpointKey("shop", "GET", "/users/{id}");
    private static final EndpointKey CHECKOUT = new EndpointKey("shop", "POST", "/checkout");

    @Test
    void summarisesAKnownSetOfRequests() {
        Map<EndpointKey, RequestStats> byEndpoint = new HashMap<>();
        List<Double> all = new ArrayList<>();
        RequestStats users = new RequestStats();
        for (int i = 1; i <= 900; i++) {
            double ms = i * 0.2; // 0.2..180 ms
            users.add(i % 100 == 0 ? 404 : 200, ms);
            all.add(ms);
        }
        RequestStats checkout = new RequestStats();
        for (int i = 1; i <= 100; i++) {
            double ms = 1000 + 20 * i; // 1020..3000 ms: all slow
            checkout.add(i <= 5 ? 503 : 201, ms);
            all.add(ms);
        }
        byEndpoint.put(USERS, users);
        byEndpoint.put(CHECKOUT, checkout);
        TimeWindow window = TimeWindow.lastHours(Instant.parse("2026-03-10T12:00:00Z"), 1);

        Map<String, Object> summary = Reports.summary(window, 1, null, byEndpoint, RequestsConfig.DEFAULTS);

        assertEquals(1000L, summary.get("total"));
        assertEquals(Reports.round(1000 / window.elapsedSeconds()), summary.get("throughput_rps"));
        assertEquals(9L, summary.get("client_errors"));
        assertEquals(5L, summary.get("server_errors"));
        assertEquals(0.9, summary.get("client_error_rate_percent"));
        assertEquals(0.5, summary.get("server_error_rate_percent"));
        assertEquals(100L, summary.get("slow_count"));
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(Arrays.stream(sorted).average().orElseThrow(), (Double) summary.get("avg_ms"), 0.001);
        for (String[] p : new String[][] {{"p50_ms", "0.5"}, {"p95_ms", "0.95"}, {"p99_ms", "0.99"}}) {
            double expected = sorted[(int) Math.floor(Double.parseDouble(p[1]) * (sorted.length - 1))];
            double actual = (Double) summary.get(p[0]);
            assertTrue(Math.abs(actual - expected) / expected <= 0.01, p[0] + ": " + actual + " vs " + expected);
        }
        assertEquals(3000.0, summary.get("max_ms"));
        List<?> byCount = (List<?>) summary.get("top_by_count");
        assertEquals(USERS.id(), ((Reports.EndpointFigures) byCount.get(0)).key());
        List<?> byTime = (List<?>) summary.get("top_by_total_time");
        assertEquals(CHECKOUT.id(), ((Reports.EndpointFigures) byTime.get(0)).key());
        // p95 is about 2000 ms: over the 1000 ms degraded level, under the 3000 ms critical one.
        assertEquals("degraded", summary.get("health"));
    }

    @Test
    void healthWordFollowsTheThresholds() {
        RequestsConfig.Health levels = RequestsConfig.Health.DEFAULTS;
        RequestStats quiet = new RequestStats();
        assertEquals("idle", Reports.health(quiet, levels).status());

        RequestStats fine = new RequestStats();
        for (int i = 0; i < 1000; i++) {
            fine.add(i < 5 ? 500 : 200, 50);
        }
        assertEquals("healthy", Reports.health(fine, levels).status());

        RequestStats failing = new RequestStats();
        for (int i = 0; i < 100; i++) {
            failing.add(i < 6 ? 500 : 200, 50);
        }
        Reports.Health critical = Reports.health(failing, levels);
        assertEquals("critical", critical.status());
        assertTrue(critical.reasons().get(0).startsWith("5xx rate 6.00%"), critical.reasons().toString());

        RequestStats slow = new RequestStats();
        for (int i = 0; i < 100; i++) {
            slow.add(200, 4000);
        }
        assertEquals("critical", Reports.health(slow, levels).status());
    }

    @Test
    void endpointsSortDescendingByTheChosenFigure() {
        RequestStats many = new RequestStats();
        for (int i = 0; i < 10; i++) {
            many.add(200, 10);
        }
        RequestStats few = new RequestStats();
        few.add(500, 900);
        Map<EndpointKey, RequestStats> byEndpoint = Map.of(USERS, many, CHECKOUT, few);
        assertEquals(USERS.id(), Reports.endpoints(byEndpoint, 60, 1000, "count", 10).get(0).key());
        assertEquals(CHECKOUT.id(), Reports.endpoints(byEndpoint, 60, 1000, "avg", 10).get(0).key());
        assertEquals(CHECKOUT.id(), Reports.endpoints(byEndpoint, 60, 1000, "error_rate", 10).get(0).key());
        assertEquals(CHECKOUT.id(), Reports.endpoints(byEndpoint, 60, 1000, "total_time", 10).get(0).key());
        assertEquals(1, Reports.endpoints(byEndpoint, 60, 1000, "count", 1).size());
    }

    @Test
    void anEmptyEndpointHasNoPercentiles() {
        Reports.EndpointFigures figures = Reports.figures(USERS, new RequestStats(), 60, 1000);
        assertEquals(0, figures.count());
        assertNull(figures.p95Ms());
        assertNull(figures.maxMs());
    }
}
