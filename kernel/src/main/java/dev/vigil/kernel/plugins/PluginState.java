package dev.vigil.kernel.plugins;

/** Where a plugin is in its life, as the admin API shows it. */
public enum PluginState {
    /** Loaded and serving. */
    STARTED,
    /** Loaded, stopped by an admin; {@code POST .../start} starts it again. */
    STOPPED,
    /** Could not load or start; the error says why. */
    FAILED
}
