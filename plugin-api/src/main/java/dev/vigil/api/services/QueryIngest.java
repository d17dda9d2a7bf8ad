package dev.vigil.api.services;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.events.QueryEvent;

/**
 * Executed statements handed over by another plugin (the OTLP intake), analysed and stored exactly as the query
 * plugin's own ingest route does: fingerprinted, grouped by request ({@code requestId}, else {@code traceId})
 * for N+1 detection. Provided by the query-analysis plugin while it runs: look it up at each use.
 */
public interface QueryIngest {

    /**
     * Stores the statements and returns once they are committed. Statements longer than the ingest route allows
     * are cut to its limit; statements whose time or numbers the route would refuse
     * ({@link dev.vigil.api.http.TimestampWindow}, {@link dev.vigil.api.http.Ranges}) are skipped, and a time
     * ahead of the server's clock within the allowance is taken as now.
     *
     * @return how many statements were stored
     * @throws dev.vigil.api.http.ApiException 503 when the plugin cannot take them now: nothing of them was kept
     */
    int store(List<QueryEvent> statements, Duration timeout);

    /** The statement's shape as the plugin groups it: literals and placeholders as {@code ?}. */
    QueryShape shape(String sql, String database);

    /**
     * @param id   the fingerprint id the plugin's routes use ({@code /api/v1/queries/fingerprints/{id}})
     * @param text the normalised statement
     */
    record QueryShape(String id, String text) {
    }
}
