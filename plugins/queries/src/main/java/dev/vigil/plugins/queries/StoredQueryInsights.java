package dev.vigil.plugins.queries;

import java.util.List;

import dev.vigil.api.services.QueryInsights;

/** The {@link QueryInsights} service: the stored findings, worst (most time lost) first. */
final class StoredQueryInsights implements QueryInsights {

    private static final int LIMIT = 500;

    private final QueryReader reader;

    StoredQueryInsights(QueryReader reader) {
        this.reader = reader;
    }

    @Override
    public List<QueryFinding> findings() {
        return reader.findings(null, null, null, null, LIMIT).stream()
                .map(f -> new QueryFinding(f.kind(), f.service(), f.endpoint(),
                                           f.fingerprint(), f.exampleSql(), (int) Math.min(Integer.MAX_VALUE,
                                                                                           f.repeats()),
                                           f.totalTimeMs(), f.requests(), f.lastSeen()))
                .toList();
    }
}
