package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;

import org.junit.jupiter.api.Test;

/** Sampling, per-minute totals and prediction matching on the way in. */
class IntakeTest {

    static RequestEvent event(String endpoint, long at, double ms, int status, String requestId) {
        return new RequestEvent(Instant.ofEpochMilli(at), "shop", "GET", endpoint, endpoint, status, ms, null,
                                requestId, null, 3, 4.5, null, null);
    }

    @Test
    void keepsAtMostTheQuotaPerEndpointAndMinuteAcrossBatches() {
        SampleQuota quota = new SampleQuota(new Random(1));
        List<RequestEvent> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(event("/a", 60_000 + i, i, 200, null));
            batch.add(event("/b", 60_000 + i, i, 200, null));
        }
        batch.add(event("/a", 120_000, 1, 200, null));
        List<RequestSample> first = quota.select(batch, 10);
        assertEquals(21, first.size());
        assertEquals(0, quota.select(batch.subList(0, 20), 10).size(), "the quota of those minutes is used up");
        assertEquals(9, quota.select(List.of(event("/a", 120_001, 1, 200, null), event("/a", 120_002, 1, 200, null),
                                             event("/a", 120_003, 1, 200, null), event("/a", 120_004, 1, 200, null),
                                             event("/a", 120_005, 1, 200, null), event("/a", 120_006, 1, 200, null),
                                             event("/a", 120_007, 1, 200, null), event("/a", 120_008, 1, 200, null),
                                             event("/a", 120_009, 1, 200, null), event("/a", 120_010, 1, 200, null)),
                                     10).size());
    }

    @Test
    void totalsAddUpErrorsLatencyAndQueries() {
        MinuteRollup rollup = RequestFigures.totals(List.of(event("/a", 60_000, 10, 200, null),
                                                      event("/a", 60_500, 30, 503, null),
                                                      event("/a", 61_000, 20, 404, null)));
        MinuteTotals totals = rollup.rows().get(0).totals();
        assertEquals(3, totals.requests);
        assertEquals(1, totals.serverErrors);
        assertEquals(1, totals.clientErrors);
        assertEquals(20, totals.avgMs(), 1e-9);
        assertEquals(30, totals.maxMs, 1e-9);
        assertEquals(3, totals.avgQueries(), 1e-9);
        assertEquals(Math.sqrt(200.0 / 3), totals.stddevMs(), 1e-9);
    }

    @Test
    void totalsComeFromMinuteFiguresWhosePartsAddUp() {
        MinuteRollup fromFigures = MinuteRollup.ofFigures(List.of(
                new RequestMinute(Instant.ofEpochMilli(60_000), "shop", "GET", "/orders", 100, 2, 1, 500, 3000, 40,
                                  100, 1200, 80),
                new RequestMinute(Instant.ofEpochMilli(60_000), "shop", "GET", "/orders", 50, 0, 0, 250, 1500, 20,
                                  0, 0, 0)));
        MinuteTotals totals = fromFigures.rows().getFirst().totals();
        assertEquals(150, totals.requests, "parts of one minute add up");
        assertEquals(1, totals.serverErrors);
        assertEquals(2, totals.clientErrors);
        assertEquals(5, totals.avgMs(), 1e-9);
        assertEquals(Math.sqrt(4500.0 / 150 - 25), totals.stddevMs(), 1e-9);
        assertEquals(40, totals.maxMs, 1e-9);
        assertEquals(12, totals.avgQueries(), 1e-9, "over the requests that reported their queries");
    }

    @Test
    void matchesPredictionsByRequestIdOrTheNextRequestInTheWindow() {
        PendingPredictions pending = new PendingPredictions();
        EndpointKey orders = EndpointKey.of("shop", "GET", "/orders");
        pending.add(new PendingPredictions.Pending(1, orders, "req-9", 0, 100_000));
        pending.add(new PendingPredictions.Pending(2, orders, null, 10_000, 100_000));
        pending.add(new PendingPredictions.Pending(3, orders, null, 10_000, 20_000));

        List<PendingPredictions.Match> early = pending.match(List.of(event("/orders", 5_000, 7, 200, null)), 5_000);
        assertTrue(early.isEmpty(), "a request before the predicted time is not the one predicted");
        List<PendingPredictions.Match> matched = pending.match(List.of(event("/orders", 12_000, 8, 200, "req-9"),
                                                                       event("/orders", 13_000, 9, 200, null)),
                                                               13_000);
        assertEquals(List.of(1L, 2L), matched.stream().map(PendingPredictions.Match::predictionId).toList());
        assertEquals(8, matched.get(0).actualMs(), 1e-9);
        assertEquals(1, pending.size());
        assertTrue(pending.match(List.of(), 30_000).isEmpty());
        assertEquals(0, pending.size(), "a prediction whose window closed is given up");
    }
}
