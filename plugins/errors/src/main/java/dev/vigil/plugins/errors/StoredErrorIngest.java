package dev.vigil.plugins.errors;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.http.TimestampWindow;
import dev.vigil.api.services.ErrorIngest;

/**
 * Errors another plugin hands over (the OTLP intake) take the same pipeline as the ingest route's; those whose time
 * the route would refuse are skipped (one ahead within the allowance is stored as now by the preparer).
 */
final class StoredErrorIngest implements ErrorIngest {

    private final ErrorPipeline pipeline;
    private final Supplier<ErrorsConfig> config;
    private final Clock clock;

    StoredErrorIngest(ErrorPipeline pipeline, Supplier<ErrorsConfig> config, Clock clock) {
        this.pipeline = pipeline;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public int store(List<ErrorEvent> errors, Duration timeout) {
        TimestampWindow window = config.get().timestampWindow(clock.instant());
        List<ErrorEvent> admitted = errors.stream().filter(error -> window.admit(error.timestamp()) != null).toList();
        return admitted.isEmpty() ? 0 : pipeline.record(admitted, timeout).size();
    }
}
