package dev.vigil.api.services;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.events.RequestEvent;

/**
 * Request records handed over by another plugin (the OTLP intake), stored exactly as the request-metrics plugin's
 * own ingest route stores them. Provided by that plugin while it runs: look it up at each use.
 */
public interface RequestIngest {

    /**
     * Stores the records and returns once they are committed; they are then published like ingested records.
     * Text longer than the ingest route allows is cut to its limit; records whose time or numbers the route would
     * refuse ({@link dev.vigil.api.http.TimestampWindow}, {@link dev.vigil.api.http.Ranges}) are skipped, and a
     * time ahead of the server's clock within the allowance is taken as now.
     *
     * @return how many records were stored
     * @throws dev.vigil.api.http.ApiException 503 when the plugin cannot take them now: nothing of them was kept
     */
    int store(List<RequestEvent> records, Duration timeout);

    /** The duration from which the plugin counts a request as slow (its {@code slow-request-ms}). */
    double slowRequestMs();
}
