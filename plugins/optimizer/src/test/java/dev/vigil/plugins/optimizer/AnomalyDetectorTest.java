package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The detector alone, on per-minute figures of two endpoints with very different usual latencies. */
class AnomalyDetectorTest {

    static MinuteRow minute(int m, String endpoint, double avgMs) {
        MinuteTotals totals = new MinuteTotals();
        totals.requests = 10;
        totals.sumMs = avgMs * 10;
        totals.maxMs = avgMs * 1.5;
        return new MinuteRow(m * 60_000L, EndpointKey.of("shop", "GET", endpoint), totals);
    }

    @Test
    void judgesEachEndpointAgainstItsOwnUsualAndOnlyInTheHarmfulDirection() throws Exception {
        Random random = new Random(2);
        List<MinuteRow> rows = new ArrayList<>();
        for (int m = 0; m < 300; m++) {
            rows.add(minute(m, "/fast", 5 + random.nextGaussian() * 0.5));
            rows.add(minute(m, "/slow", 500 + random.nextGaussian() * 50));
        }
        AnomalyDetector detector = AnomalyDetector.train(rows, row -> Double.NaN, 100, 1024, 1);
        double ordinarySlow = detector.score(minute(1, "/slow", 510), Double.NaN).combined();
        double slowFast = detector.score(minute(1, "/fast", 60), Double.NaN).combined();
        double fasterThanUsual = detector.score(minute(1, "/slow", 50), Double.NaN).combined();
        assertTrue(ordinarySlow < 0.6, "an ordinary minute of the slow endpoint: " + ordinarySlow);
        assertTrue(slowFast > 0.75, "60 ms on an endpoint that usually takes 5: " + slowFast);
        assertTrue(fasterThanUsual <= 0.5, "faster than usual is no anomaly: " + fasterThanUsual);
        assertNull(detector.score(minute(1, "/unknown", 5), Double.NaN), "an endpoint never seen has no score");
        assertEquals(500, detector.usualAvgMs(EndpointKey.of("shop", "GET", "/slow")), 15);
    }
}
