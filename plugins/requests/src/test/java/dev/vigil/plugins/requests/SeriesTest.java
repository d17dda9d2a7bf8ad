package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class SeriesTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:34:30Z");
    private static final EndpointKey KEY = new EndpointKey("shop", "GET", "/x");

    @Test
    void picksTheSmallestStepGivingAtMost360Points() {
        assertEquals(Periods.MINUTE, Series.stepMillis(TimeWindow.lastHours(NOW, 6)));
        assertEquals(5 * Periods.MINUTE, Series.stepMillis(TimeWindow.lastHours(NOW, 24)));
        assertEquals(30 * Periods.MINUTE, Series.stepMillis(TimeWindow.lastHours(NOW, 168)));
        assertEquals(3 * Periods.HOUR, Series.stepMillis(TimeWindow.lastHours(NOW, 720)));
        assertFalse(Series.usesHours(30 * Periods.MINUTE));
        assertTrue(Series.usesHours(Periods.HOUR));
    }

    @Test
    void placesMinutesInTheirBucketsAndFillsEmptyOnes() {
        TimeWindow window = TimeWindow.lastHours(NOW, 24);
        long step = Series.stepMillis(window);
        long minute = Instant.parse("2026-03-10T12:07:00Z").toEpochMilli();
        RequestStats a = new RequestStats();
        a.add(200, 10);
        a.add(500, 30);
        RequestStats b = new RequestStats();
        b.add(404, 20);
        List<Series.Point> points = Series.build(window, step, List.of(
                new FigureStore.PeriodFigures(minute, KEY, a),
                new FigureStore.PeriodFigures(minute + Periods.MINUTE, KEY, b)));
        assertEquals(288, points.size()); // 24 h of 5-minute buckets
        Series.Point bucket = points.stream()
                .filter(p -> p.time().equals(Instant.parse("2026-03-10T12:05:00Z"))).findFirst().orElseThrow();
        assertEquals(3, bucket.count());
        assertEquals(1, bucket.clientErrors());
        assertEquals(1, bucket.serverErrors());
        assertEquals(20.0, bucket.avgMs(), 1e-9);
        assertEquals(0.01, bucket.throughputRps(), 1e-9); // 3 requests over 300 s
        assertEquals(0, points.get(0).count());
        assertEquals(null, points.get(0).p95Ms());
    }
}
