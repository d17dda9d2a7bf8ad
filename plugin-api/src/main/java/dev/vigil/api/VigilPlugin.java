package dev.vigil.api;

import java.util.List;

import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.RequestObserver;
import dev.vigil.api.storage.Migration;

import org.pf4j.ExtensionPoint;

/**
 * The extension every Vigil plugin provides (annotate the implementation with {@code @org.pf4j.Extension}).
 *
 * <p>Each method declares one kind of contribution and defaults to "none", so a plugin overrides only what it
 * contributes. The kernel collects the contributions, owns their lifecycle and removes every one of them when
 * the plugin stops; a plugin never registers itself into kernel registries. Order of calls on start:
 * {@link #migrations()} (applied once, recorded per plugin), {@link #start(PluginContext)}, then
 * {@link #routes(PluginRoutes)}, {@link #tasks()}, {@link #subscriptions()}, {@link #requestObservers()} and
 * {@link #services()}. A fresh instance is created for every start, so fields never carry state across a
 * stop/start or a reload.
 */
public interface VigilPlugin extends ExtensionPoint {

    /** Ordered, versioned schema changes for this plugin's tables (names start with the plugin id). */
    default List<Migration> migrations() {
        return List.of();
    }

    /** Builds the plugin's objects: read config, open queues, prepare services. Throwing marks the plugin FAILED. */
    default void start(PluginContext context) throws Exception {
    }

    /** HTTP routes, mounted under {@code /api/v1/<plugin-id>/}, each with the role it needs. */
    default void routes(PluginRoutes routes) {
    }

    /** Scheduled tasks; never two runs of one task at once, stopped with the plugin. */
    default List<ScheduledTask> tasks() {
        return List.of();
    }

    /** Subscriptions to events on the in-process bus. */
    default List<Subscription<?>> subscriptions() {
        return List.of();
    }

    /** Observers told of every HTTP exchange the server completes (timing, status, route template). */
    default List<RequestObserver> requestObservers() {
        return List.of();
    }

    /** Services this plugin offers to others under a plugin-api interface. */
    default List<ProvidedService<?>> services() {
        return List.of();
    }

    /** Releases what {@link #start(PluginContext)} acquired beyond what the kernel already owns. */
    default void stop() throws Exception {
    }
}
