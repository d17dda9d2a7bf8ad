package dev.vigil.api;

import java.nio.file.Path;
import java.time.Clock;

import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.metrics.Metrics;
import dev.vigil.api.storage.Storage;

/**
 * Everything the kernel hands a plugin: one object instead of a growing parameter list.
 * Valid from {@link VigilPlugin#start(PluginContext)} until the plugin stops.
 */
public interface PluginContext {

    /** The plugin id: route prefix, table prefix, config file name and log name. */
    String pluginId();

    String pluginVersion();

    /** The shared database (SQLite or PostgreSQL). */
    Storage storage();

    /**
     * Binds {@code config/plugins/<plugin-id>.yaml} (kebab-case keys) to {@code type}, on top of {@code defaults}.
     * Unknown keys and wrong types are errors; a record's compact constructor may validate further by throwing
     * {@link IllegalArgumentException} with a message that names the key. An invalid file at start fails the
     * start; an invalid edit later keeps the previous value and is shown in the admin API.
     */
    <C> LiveConfig<C> config(Class<C> type, C defaults);

    EventBus events();

    Signals signals();

    /** The plugin's metrics on {@code /metrics}: counters, histograms and gauges in base units, for Prometheus. */
    Metrics metrics();

    ServiceLookup services();

    /** Long work with progress, visible through the admin API. */
    Jobs jobs();

    /** JSON reading and writing with the server's conventions (snake_case, ISO-8601 UTC times). */
    JsonSupport json();

    System.Logger logger();

    /** A directory only this plugin writes to, under the server's data dir. Created on first call. */
    Path dataDir();

    /** The server's clock; tests may fix it. Use it instead of {@code Instant.now()}. */
    Clock clock();

    ServerInfo server();
}
