package dev.vigil.kernel.plugins;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.PluginEvent;
import dev.vigil.api.http.RequestObserver;
import dev.vigil.kernel.http.Route;
import dev.vigil.kernel.http.RouteCollector;
import dev.vigil.kernel.runtime.ContributionStats;
import dev.vigil.kernel.runtime.CurrentWork;
import dev.vigil.kernel.storage.MigrationRunner;

import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Starts and stops one plugin: applies its migrations, runs its start in a bounded time, collects its
 * contributions and hands each to the kernel part that owns it; on stop, or on any failure half-way, takes every
 * one of them back.
 */
final class PluginStarter {

    private static final System.Logger LOG = System.getLogger(PluginStarter.class.getName());
    /** Classes that must come from the kernel: a plugin bundling them would never see its extension. */
    private static final List<String> KERNEL_CLASSES = List.of(
            "dev/vigil/api/VigilPlugin.class", "io/helidon/webserver/http/Handler.class",
            "com/fasterxml/jackson/databind/ObjectMapper.class", "org/pf4j/ExtensionPoint.class");

    private final PluginManager pf4j;
    private final KernelServices kernel;

    PluginStarter(PluginManager pf4j, KernelServices kernel) {
        this.pf4j = pf4j;
        this.kernel = kernel;
    }

    void start(PluginRuntime runtime) {
        if (!runtime.loaded || runtime.state == dev.vigil.kernel.plugins.PluginState.STARTED) {
            return;
        }
        long began = System.nanoTime();
        PluginContextImpl context = null;
        VigilPlugin plugin = null;
        boolean startReturned = false;
        try {
            plugin = extensionOf(runtime);
            kernel.failures().registerPackage(runtime.id, plugin.getClass().getPackageName());
            MigrationRunner.Outcome outcome = kernel.migrations().apply(runtime.id, runtime.id, plugin.migrations());
            runtime.tables = outcome.tables();
            context = new PluginContextImpl(runtime.id, runtime.version, kernel);
            runtime.context = context;
            startWithin(runtime.id, plugin, context);
            startReturned = true;
            contribute(runtime, plugin);
            long took = (System.nanoTime() - began) / 1_000_000;
            runtime.started(plugin, context, kernel.clock().instant(), took);
            announce(runtime);
            LOG.log(System.Logger.Level.INFO, "plugin {0} {1} STARTED in {2} ms: {3} routes, {4} tasks, {5} tables",
                    runtime.id, runtime.version, took, runtime.routes.size() + runtime.rootRoutes.size(),
                    kernel.scheduler().describe(runtime.id).size(), runtime.tables.size());
        } catch (Throwable error) {
            // stop() only undoes a start that returned; after a failed start the plugin is half-built.
            withdraw(runtime.id, startReturned ? plugin : null, context);
            boolean configError = error instanceof PluginContextImpl.InvalidConfigException;
            String message = error instanceof MigrationRunner.MigrationException
                    || error instanceof PluginLoadException || configError ? error.getMessage()
                    : "start failed: " + ContributionStats.describe(error);
            // A start that failed after binding its config may quote a secret of it (a database URL, a key).
            String redacted = context == null || context.boundConfig() == null ? message
                    : context.boundConfig().redact(message);
            boolean quotedSecret = !redacted.equals(message);
            message = redacted;
            runtime.failed(message, configError, kernel.clock().instant());
            announce(runtime);
            if (configError || error instanceof PluginLoadException || quotedSecret) {
                LOG.log(System.Logger.Level.ERROR, "plugin {0} FAILED: {1}", runtime.id, message);
            } else {
                LOG.log(System.Logger.Level.ERROR, "plugin " + runtime.id + " FAILED: " + message, error);
            }
        }
    }

    void stop(PluginRuntime runtime) {
        if (runtime.state != dev.vigil.kernel.plugins.PluginState.STARTED) {
            return;
        }
        withdraw(runtime.id, runtime.extension, runtime.context);
        runtime.stopped();
        announce(runtime);
        LOG.log(System.Logger.Level.INFO, "plugin {0} STOPPED", runtime.id);
    }

    /** Tells the other plugins; the plugin itself has just been subscribed or unsubscribed. */
    void announce(PluginRuntime runtime) {
        announce(runtime, runtime.state.name());
    }

    void announce(PluginRuntime runtime, String state) {
        kernel.bus().publish(new PluginEvent(kernel.clock().instant(), runtime.id, runtime.version, state,
                                             runtime.file, runtime.error));
    }

    /** PF4J's plugin manager is not made for threads: plugins starting side by side take turns in it. */
    private VigilPlugin extensionOf(PluginRuntime runtime) throws PluginLoadException {
        synchronized (pf4j) {
            return extensionInPf4j(runtime);
        }
    }

    private VigilPlugin extensionInPf4j(PluginRuntime runtime) throws PluginLoadException {
        PluginState state = pf4j.startPlugin(runtime.id);
        if (state != PluginState.STARTED) {
            PluginWrapper wrapper = pf4j.getPlugin(runtime.id);
            Throwable cause = wrapper == null ? null : wrapper.getFailedException();
            throw new PluginLoadException("PF4J could not start the plugin" + (cause == null ? ""
                    : ": " + ContributionStats.describe(cause)));
        }
        List<VigilPlugin> extensions = pf4j.getExtensions(VigilPlugin.class, runtime.id);
        if (extensions.size() == 1) {
            return extensions.getFirst();
        }
        if (extensions.size() > 1) {
            throw new PluginLoadException("the plugin has " + extensions.size()
                                                  + " VigilPlugin extensions; exactly one is allowed");
        }
        ClassLoader loader = pf4j.getPluginClassLoader(runtime.id);
        if (loader instanceof java.net.URLClassLoader own) {
            for (String kernelClass : KERNEL_CLASSES) {
                URL bundled = own.findResource(kernelClass);
                if (bundled != null) {
                    throw new PluginLoadException("the plugin bundles " + kernelClass.replace('/', '.')
                            .replace(".class", "") + ", which the kernel provides; declare plugin-api, Helidon, "
                            + "Jackson and PF4J with <scope>provided</scope>");
                }
            }
            if (own.findResource("META-INF/extensions.idx") == null) {
                throw new PluginLoadException("the plugin has no META-INF/extensions.idx: compile it with PF4J's "
                                                      + "annotation processor (<proc>full</proc> on JDK 23+) and "
                                                      + "annotate the VigilPlugin implementation with @Extension");
            }
        }
        throw new PluginLoadException("the plugin declares no VigilPlugin extension (an @Extension class "
                                              + "implementing dev.vigil.api.VigilPlugin)");
    }

    private void startWithin(String pluginId, VigilPlugin plugin, PluginContextImpl context) throws Exception {
        FutureTask<Void> start = new FutureTask<>(() -> {
            try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(pluginId, null, null))) {
                plugin.start(context);
            }
            return null;
        });
        Thread thread = Thread.ofVirtual().name("vigil-start-" + pluginId).start(start);
        try {
            start.get(kernel.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new PluginLoadException("start did not finish within " + kernel.startTimeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (Exception) e.getCause();
        }
    }

    /** Collects every contribution first, then mounts them, so that a plugin failing half-way leaves no trace. */
    private void contribute(PluginRuntime runtime, VigilPlugin plugin) {
        String id = runtime.id;
        RouteCollector routes = new RouteCollector(id, "/api/v1/" + id);
        List<ScheduledTask> tasks;
        List<Subscription<?>> subscriptions;
        List<RequestObserver> observers;
        List<ProvidedService<?>> services;
        try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(id, null, null))) {
            plugin.routes(routes);
            tasks = List.copyOf(plugin.tasks());
            subscriptions = List.copyOf(plugin.subscriptions());
            observers = List.copyOf(plugin.requestObservers());
            services = List.copyOf(plugin.services());
        }
        checkRootRoutes(id, routes.rootRoutes());
        kernel.dispatcher().mount(id, routes.prefixedRoutes(), routes.rootRoutes());
        runtime.routes = routes.prefixedRoutes();
        runtime.rootRoutes = routes.rootRoutes();
        kernel.scheduler().schedule(id, tasks);
        kernel.bus().subscribe(id, subscriptions);
        kernel.traffic().register(id, observers);
        runtime.requestObservers = observers.size();
        kernel.services().register(id, services);
    }

    private void checkRootRoutes(String id, List<Route> root) {
        List<String> taken = new ArrayList<>();
        for (Route route : root) {
            if (kernel.dispatcher().rootRouteOwner(route.method(), route.template()).filter(o -> !o.equals(id))
                    .isPresent()) {
                taken.add(route.method().text() + " " + route.template());
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("root routes already served by another plugin: " + taken);
        }
    }

    /** Takes back everything the plugin contributed, calls its stop, and stops it in PF4J. Never throws. */
    private void withdraw(String id, VigilPlugin plugin, PluginContextImpl context) {
        kernel.dispatcher().unmount(id);
        kernel.traffic().remove(id);
        kernel.services().remove(id);
        kernel.bus().unsubscribe(id);
        kernel.metrics().release(id);
        kernel.scheduler().cancel(id);
        if (context != null) {
            context.jobRunner().cancelAll();
        }
        if (plugin != null) {
            try (CurrentWork.Scope ignored = CurrentWork.enter(new CurrentWork.Work(id, null, null))) {
                plugin.stop();
            } catch (Throwable error) {
                kernel.failures().failed(id, "stop", error, null, null, true);
            }
        }
        if (context != null) {
            context.close();
        }
        try {
            synchronized (pf4j) {
                if (pf4j.getPlugin(id) != null && pf4j.getPlugin(id).getPluginState() == PluginState.STARTED) {
                    pf4j.stopPlugin(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "PF4J could not stop " + id, e);
        }
    }

    /** The plugin cannot be used as it is; the message says how to fix it. */
    static final class PluginLoadException extends Exception {
        PluginLoadException(String message) {
            super(message);
        }
    }
}
