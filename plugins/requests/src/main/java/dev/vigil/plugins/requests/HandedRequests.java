package dev.vigil.plugins.requests;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.RequestIngest;

/** Records another plugin hands over (the OTLP intake) take the ingest route's path. */
final class HandedRequests implements RequestIngest {

    private final Ingestor ingestor;
    private final Supplier<RequestsConfig> config;

    HandedRequests(Ingestor ingestor, Supplier<RequestsConfig> config) {
        this.ingestor = ingestor;
        this.config = config;
    }

    @Override
    public int store(List<RequestEvent> records, Duration timeout) {
        return records.isEmpty() ? 0 : ingestor.store(records, timeout);
    }

    @Override
    public double slowRequestMs() {
        return config.get().slowRequestMs();
    }
}
