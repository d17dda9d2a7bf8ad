package dev.vigil.plugins.queries;

import java.time.Instant;

import dev.vigil.api.http.TimestampWindow;

/**
 * The times this plugin accepts, ingested or handed over: the minute figures are what is kept longest, so a
 * statement older than {@code aggregate-retention} would count nowhere.
 */
final class IngestWindow {

    private IngestWindow() {
    }

    static TimestampWindow of(QueriesConfig settings, Instant now) {
        return new TimestampWindow(now, settings.aggregateRetention(), TimestampWindow.DEFAULT_CLOCK_SKEW);
    }
}
