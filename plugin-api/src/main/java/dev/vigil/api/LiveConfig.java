package dev.vigil.api;

import java.nio.file.Path;
import java.util.function.Consumer;

/** A plugin's typed config, replaced atomically when its file changes and the new content is valid. */
public interface LiveConfig<C> {

    C get();

    /** Called after a valid edit has been applied; an exception in the listener is recorded, not propagated. */
    void onChange(Consumer<C> listener);

    Path file();
}
