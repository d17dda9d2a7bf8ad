package dev.vigil.plugins.alerts;

import java.nio.file.Path;
import java.util.function.Consumer;

import dev.vigil.api.LiveConfig;

/** A config that never changes, for unit tests of classes that read one. */
record FixedConfig<C>(C value) implements LiveConfig<C> {

    @Override
    public C get() {
        return value;
    }

    @Override
    public void onChange(Consumer<C> listener) {
    }

    @Override
    public Path file() {
        return Path.of("alerts.yaml");
    }
}
