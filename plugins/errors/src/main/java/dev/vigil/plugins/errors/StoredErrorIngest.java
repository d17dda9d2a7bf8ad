package dev.vigil.plugins.errors;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.services.ErrorIngest;

/** Errors another plugin hands over (the OTLP intake) take the same pipeline as the ingest route's. */
final class StoredErrorIngest implements ErrorIngest {

    private final ErrorPipeline pipeline;

    StoredErrorIngest(ErrorPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public int store(List<ErrorEvent> errors, Duration timeout) {
        return errors.isEmpty() ? 0 : pipeline.record(errors, timeout).size();
    }
}
