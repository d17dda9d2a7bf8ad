package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestWindowTest {

    private static Statement run(String service, String requestId, String traceId, String sql) {
        return Statement.analyse(new Execution(Instant.parse("2026-01-01T10:00:00Z"), service, sql, 1, null,
                                               requestId, traceId, "/x", null, null, null), 4000, 500);
    }

    @Test
    void aRequestReportedInSeveralBatchesIsAnalysedOnceItGoesQuiet() {
        RequestWindow window = new RequestWindow();
        window.add(List.of(run("shop", "r1", null, "SELECT 1"), run("shop", "r2", null, "SELECT 2")), 0, 100, 1000);
        window.add(List.of(run("shop", "r1", null, "SELECT 3")), 900, 100, 1000);
        List<RequestQueries> due = window.closeDue(1000, 1000, 60_000);
        assertEquals(List.of("r2"), due.stream().map(RequestQueries::key).toList());
        assertTrue(window.closeDue(1899, 1000, 60_000).isEmpty(), "r1 had a statement at 900");
        List<RequestQueries> later = window.closeDue(1900, 1000, 60_000);
        assertEquals(1, later.size());
        assertEquals(2, later.getFirst().count(), "both batches of r1 are analysed together");
        assertEquals(0, window.openRequests());
        assertEquals(0, window.heldStatements());
    }

    @Test
    void aRequestThatNeverGoesQuietIsAnalysedAtItsMaximumAge() {
        RequestWindow window = new RequestWindow();
        for (long now = 0; now < 3000; now += 500) {
            window.add(List.of(run("shop", "busy", null, "SELECT 1")), now, 100, 1000);
            assertTrue(window.closeDue(now, 1000, 3000).isEmpty(), "still young at " + now);
        }
        window.add(List.of(run("shop", "busy", null, "SELECT 1")), 3000, 100, 1000);
        List<RequestQueries> due = window.closeDue(3000, 1000, 3000);
        assertEquals(1, due.size());
        assertEquals(7, due.getFirst().count());
    }

    @Test
    void requestsAreKeyedByServiceAndRequestIdElseTraceId() {
        RequestWindow window = new RequestWindow();
        window.add(List.of(run("shop", "r1", "t1", "SELECT 1"), run("billing", "r1", null, "SELECT 1"),
                           run("shop", null, "t9", "SELECT 1"), run("shop", null, "t9", "SELECT 2"),
                           run("shop", null, null, "SELECT 1")), 0, 100, 1000);
        assertEquals(3, window.openRequests());
        assertEquals(4, window.heldStatements(), "a statement without a request is not held");
    }

    @Test
    void aFullWindowAnalysesTheOldestRequestsEarly() {
        RequestWindow window = new RequestWindow();
        window.add(List.of(run("shop", "old", null, "SELECT 1")), 0, 2, 1000);
        window.add(List.of(run("shop", "mid", null, "SELECT 1")), 1, 2, 1000);
        List<RequestQueries> evicted = window.add(List.of(run("shop", "new", null, "SELECT 1")), 2, 2, 1000);
        assertEquals(List.of("old"), evicted.stream().map(RequestQueries::key).toList());
        evicted = window.add(List.of(run("shop", "new", null, "SELECT 2"), run("shop", "new", null, "SELECT 3")), 3,
                             2, 3);
        assertEquals(List.of("mid"), evicted.stream().map(RequestQueries::key).toList());
        assertEquals(List.of("new"), window.closeAll().stream().map(RequestQueries::key).toList());
    }
}
