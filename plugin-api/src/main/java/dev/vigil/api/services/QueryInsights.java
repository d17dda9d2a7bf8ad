package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;

/** Findings the query-analysis plugin offers to others (the optimizer ranks them). */
public interface QueryInsights {

    /** Current N+1 and repeated-identical-statement findings, worst first. */
    List<QueryFinding> findings();

    /**
     * One finding.
     *
     * @param kind    {@code N_PLUS_ONE} or {@code REPEATED_IDENTICAL}
     * @param repeats the largest repeat count seen in one request
     */
    record QueryFinding(String kind, String service, String endpoint, String fingerprint, String exampleSql,
                        int repeats, double totalTimeMs, long requests, Instant lastSeen) {
    }
}
