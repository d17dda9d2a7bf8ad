package dev.vigil.api.services;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.events.ErrorEvent;

/**
 * Error events handed over by another plugin (the OTLP intake), scrubbed, grouped and stored exactly as the error
 * plugin's own ingest route does. Provided by the error plugin while it runs: look it up at each use.
 */
public interface ErrorIngest {

    /**
     * Stores the events and returns once they are committed. Events whose time the route would refuse
     * ({@link dev.vigil.api.http.TimestampWindow}) are skipped, and a time ahead of the server's clock within the
     * allowance is taken as now.
     *
     * @return how many events were stored
     * @throws dev.vigil.api.http.ApiException 503 when the plugin cannot take them now: nothing of them was kept
     */
    int store(List<ErrorEvent> errors, Duration timeout);
}
