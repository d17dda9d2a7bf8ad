package dev.vigil.kernel.plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.Jobs;
import dev.vigil.kernel.http.Route;
import dev.vigil.kernel.runtime.ContributionStats;

/** What the admin API shows of each plugin: state, error, and exactly what it contributed. */
public final class PluginViews {

    private final PluginHost host;
    private final KernelServices kernel;

    PluginViews(PluginHost host, KernelServices kernel) {
        this.host = host;
        this.kernel = kernel;
    }

    public List<Map<String, Object>> all() {
        return host.runtimes().stream().map(this::describe).toList();
    }

    public Optional<Map<String, Object>> one(String id) {
        return host.runtime(id).map(this::describe);
    }

    /** Every route of every started plugin, with its owner: what a caller can reach and with which role. */
    public List<Map<String, Object>> routes() {
        List<Map<String, Object>> routes = new ArrayList<>();
        for (PluginRuntime runtime : host.runtimes()) {
            runtime.routes.forEach(route -> routes.add(route(route)));
            runtime.rootRoutes.forEach(route -> routes.add(route(route)));
        }
        return routes;
    }

    /** The plugin's jobs, newest first, without their results (those are the plugin's own to show). */
    public Optional<List<Map<String, Object>>> jobs(String id) {
        return host.runtime(id).map(runtime -> {
            PluginContextImpl context = runtime.context;
            return context == null ? List.of() : context.jobRunner().list().stream().map(PluginViews::job).toList();
        });
    }

    private Map<String, Object> describe(PluginRuntime runtime) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", runtime.id);
        view.put("version", runtime.version);
        view.put("description", runtime.description);
        view.put("provider", runtime.provider);
        view.put("file", runtime.file.getFileName().toString());
        view.put("state", runtime.state.name());
        view.put("error", runtime.error);
        view.put("failed_at", runtime.failedAt);
        view.put("started_at", runtime.startedAt);
        view.put("start_ms", runtime.startMillis < 0 ? null : runtime.startMillis);
        boolean degraded = runtime.state == PluginState.STARTED && kernel.failures().recentlyFailed(runtime.id);
        view.put("health", runtime.state != PluginState.STARTED ? runtime.state.name().toLowerCase()
                : degraded ? "degraded" : "ok");
        view.put("failures", kernel.failures().view(runtime.id));
        List<Map<String, Object>> routes = new ArrayList<>();
        runtime.routes.forEach(route -> routes.add(route(route)));
        runtime.rootRoutes.forEach(route -> routes.add(route(route)));
        view.put("routes", routes);
        view.put("tables", runtime.tables);
        view.put("migrations", runtime.loaded ? kernel.migrations().history(runtime.id) : List.of());
        view.put("tasks", kernel.scheduler().describe(runtime.id));
        view.put("subscriptions", kernel.bus().describe(runtime.id));
        view.put("request_observers", runtime.requestObservers);
        view.put("services", kernel.services().typesOf(runtime.id));
        PluginContextImpl context = runtime.context;
        view.put("queues", context == null ? List.of() : context.pluginStorage().describeQueues());
        view.put("jobs", context == null ? List.of() : context.jobRunner().list().stream().limit(5)
                .map(PluginViews::job).toList());
        Map<String, Object> config;
        if (context != null && context.boundConfig() != null) {
            config = context.boundConfig().view();
        } else {
            config = ContributionStats.view();
            config.put("file", kernel.server().configDir().resolve("plugins").resolve(runtime.id + ".yaml")
                    .toString());
            config.put("error", runtime.failedOnConfig ? runtime.error : null);
        }
        view.put("config", config);
        return view;
    }

    /** A route as the admin API shows it: owner, method, path template and the role it needs. */
    public static Map<String, Object> route(Route route) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("owner", route.ownerId());
        view.put("method", route.method().text());
        view.put("path", route.template());
        view.put("role", route.role().label());
        return view;
    }

    private static Map<String, Object> job(Jobs.Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("kind", job.kind());
        view.put("state", job.state().name());
        view.put("progress", job.progress());
        view.put("message", job.message());
        view.put("submitted_at", job.submittedAt());
        view.put("started_at", job.startedAt());
        view.put("finished_at", job.finishedAt());
        view.put("error", job.error());
        return view;
    }
}
