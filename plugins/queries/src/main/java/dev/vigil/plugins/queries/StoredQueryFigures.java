package dev.vigil.plugins.queries;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.QueryFigures;

/** The {@link QueryFigures} service: the per-minute fingerprint figures of a window, Vigil's own left out. */
final class StoredQueryFigures implements QueryFigures {

    private static final long MINUTE_MS = 60_000;

    private final QueryReader reader;

    StoredQueryFigures(QueryReader reader) {
        this.reader = reader;
    }

    @Override
    public FingerprintWindow fingerprints(Instant from, Instant to, int limit) {
        long fromMinute = QueryWriter.minute(from.toEpochMilli());
        // The minute holding the window's last instant is in it: round the end up.
        long toMinute = QueryWriter.minute(to.toEpochMilli() + MINUTE_MS - 1);
        if (fromMinute >= toMinute || limit < 1) {
            return new FingerprintWindow(0, 0, 0, List.of());
        }
        QueryReader.WindowTotals totals = reader.totals(fromMinute, toMinute, RequestEvent.OWN_SERVICE);
        List<FingerprintFigures> top = reader.fingerprints(fromMinute, toMinute, RequestEvent.OWN_SERVICE, QueryReader.Sort.TOTAL_TIME,
                                      limit).stream()
                // The histogram answers a bucket's middle, up to 1% above the exact max: never show more than it.
                .map(f -> new FingerprintFigures(f.id(), f.text(), f.executions(), f.totalTimeMs(), f.avgMs(),
                                                 Math.min(f.p95Ms(), f.maxMs()), f.maxMs()))
                .toList();
        return new FingerprintWindow(totals.executions(), totals.totalTimeMs(), totals.fingerprints(), top);
    }
}
