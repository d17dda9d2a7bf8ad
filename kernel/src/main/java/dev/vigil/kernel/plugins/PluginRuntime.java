package dev.vigil.kernel.plugins;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.vigil.api.VigilPlugin;
import dev.vigil.kernel.http.Route;

/**
 * The kernel's record of one plugin, kept across stops and starts until the plugin's file goes away. While the
 * plugin is stopped, it holds nothing of the plugin's own objects.
 */
final class PluginRuntime {

    final String id;
    final Path file;
    final Path workCopy;
    final boolean loaded;
    volatile String version;
    volatile String description;
    volatile String provider;
    volatile PluginState state = PluginState.STOPPED;
    volatile String error;
    volatile boolean failedOnConfig;
    volatile Instant failedAt;
    volatile Instant startedAt;
    volatile long startMillis = -1;
    volatile List<String> tables = List.of();
    volatile List<Route> routes = List.of();
    volatile List<Route> rootRoutes = List.of();
    volatile int requestObservers;
    volatile VigilPlugin extension;
    volatile PluginContextImpl context;

    /** A plugin PF4J loaded. */
    PluginRuntime(String id, Path file, Path workCopy) {
        this.id = id;
        this.file = file;
        this.workCopy = workCopy;
        this.loaded = true;
    }

    /** A file that is not a loadable plugin: listed as FAILED under its file name. */
    static PluginRuntime invalidFile(Path file, String error, Instant at) {
        PluginRuntime runtime = new PluginRuntime(file.getFileName().toString(), file, null, false);
        runtime.state = PluginState.FAILED;
        runtime.error = error;
        runtime.failedAt = at;
        return runtime;
    }

    /** A plugin the kernel would not run (built for another plugin API): listed as FAILED under its id. */
    static PluginRuntime refused(String id, Path file, String error, Instant at) {
        PluginRuntime runtime = new PluginRuntime(id, file, null, false);
        runtime.state = PluginState.FAILED;
        runtime.error = error;
        runtime.failedAt = at;
        return runtime;
    }

    private PluginRuntime(String id, Path file, Path workCopy, boolean loaded) {
        this.id = id;
        this.file = file;
        this.workCopy = workCopy;
        this.loaded = loaded;
    }

    void started(VigilPlugin plugin, PluginContextImpl pluginContext, Instant at, long tookMillis) {
        extension = plugin;
        context = pluginContext;
        state = PluginState.STARTED;
        error = null;
        failedOnConfig = false;
        failedAt = null;
        startedAt = at;
        startMillis = tookMillis;
    }

    void failed(String message, boolean configError, Instant at) {
        dropPluginObjects();
        state = PluginState.FAILED;
        error = message;
        failedOnConfig = configError;
        failedAt = at;
    }

    void stopped() {
        dropPluginObjects();
        state = PluginState.STOPPED;
    }

    private void dropPluginObjects() {
        extension = null;
        context = null;
        routes = List.of();
        rootRoutes = List.of();
        requestObservers = 0;
        startedAt = null;
    }
}
