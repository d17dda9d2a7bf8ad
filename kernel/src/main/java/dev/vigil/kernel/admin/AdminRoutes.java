package dev.vigil.kernel.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.ApiVersion;
import dev.vigil.api.Signals;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.http.Role;
import dev.vigil.kernel.http.Dispatcher;
import dev.vigil.kernel.http.JsonSupportImpl;
import dev.vigil.kernel.http.Route;
import dev.vigil.kernel.http.TokenStore;
import dev.vigil.kernel.limits.TokenGuard;
import dev.vigil.kernel.metrics.MetricsRoute;
import dev.vigil.kernel.plugins.PluginHost;
import dev.vigil.kernel.plugins.PluginState;
import dev.vigil.kernel.plugins.PluginViews;
import dev.vigil.kernel.runtime.SignalStore;
import dev.vigil.kernel.runtime.TaskScheduler;
import dev.vigil.kernel.storage.KernelStorage;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The kernel's own routes: the admin API under {@code /api/v1/admin/} (reads need viewer, changes need admin),
 * {@code /health} (open) and {@code /metrics} (latest signals in Prometheus text format, viewer).
 */
public final class AdminRoutes {

    private static final String ADMIN = "/api/v1/admin";

    private final String version;
    private final Instant startedAt;
    private final PluginHost host;
    private final TokenStore tokens;
    private final TokenGuard guard;
    private final SignalStore signals;
    private final TaskScheduler scheduler;
    private final KernelStorage storage;
    private final Map<String, Object> directories;
    private final MetricsRoute metrics;
    private final Clock clock;
    private final JsonSupportImpl json = new JsonSupportImpl();

    public AdminRoutes(String version, Instant startedAt, PluginHost host, TokenStore tokens, TokenGuard guard,
                       SignalStore signals, TaskScheduler scheduler, KernelStorage storage,
                       Map<String, Object> directories, MetricsRoute metrics, Clock clock) {
        this.version = version;
        this.startedAt = startedAt;
        this.host = host;
        this.tokens = tokens;
        this.guard = guard;
        this.signals = signals;
        this.scheduler = scheduler;
        this.storage = storage;
        this.directories = directories;
        this.metrics = metrics;
        this.clock = clock;
    }

    public List<Route> routes() {
        String k = Dispatcher.KERNEL;
        return List.of(
                Route.of(k, Method.GET, "/health", Role.PUBLIC, this::health),
                Route.of(k, Method.GET, "/metrics", Role.VIEWER, metrics),
                Route.of(k, Method.GET, ADMIN + "/status", Role.VIEWER, this::status),
                Route.of(k, Method.GET, ADMIN + "/plugins", Role.VIEWER, this::plugins),
                Route.of(k, Method.GET, ADMIN + "/plugins/{id}", Role.VIEWER, this::plugin),
                Route.of(k, Method.POST, ADMIN + "/plugins/{id}/start", Role.ADMIN, this::start),
                Route.of(k, Method.POST, ADMIN + "/plugins/{id}/stop", Role.ADMIN, this::stop),
                Route.of(k, Method.POST, ADMIN + "/plugins/{id}/reload", Role.ADMIN, this::reload),
                Route.of(k, Method.GET, ADMIN + "/plugins/{id}/jobs", Role.VIEWER, this::jobs),
                Route.of(k, Method.POST, ADMIN + "/plugins/{id}/tasks/{task}/run", Role.ADMIN, this::runTask),
                Route.of(k, Method.GET, ADMIN + "/routes", Role.VIEWER, this::listRoutes),
                Route.of(k, Method.GET, ADMIN + "/signals", Role.VIEWER, this::signals),
                Route.of(k, Method.GET, ADMIN + "/tokens", Role.ADMIN, this::listTokens),
                Route.of(k, Method.POST, ADMIN + "/tokens", Role.ADMIN, this::createToken),
                Route.of(k, Method.DELETE, ADMIN + "/tokens/{name}", Role.ADMIN, this::deleteToken));
    }

    private void health(ServerRequest request, ServerResponse response) {
        Map<PluginState, Long> counts = host.countByState();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "UP");
        body.put("version", version);
        body.put("plugins", Map.of("started", counts.get(PluginState.STARTED),
                                   "stopped", counts.get(PluginState.STOPPED),
                                   "failed", counts.get(PluginState.FAILED)));
        json.send(response, body);
    }

    private void status(ServerRequest request, ServerResponse response) {
        Map<PluginState, Long> counts = host.countByState();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        // What a plugin's Plugin-Requires must admit to run here.
        body.put("plugin_api_version", ApiVersion.current());
        body.put("started_at", startedAt);
        body.put("uptime_seconds", Duration.between(startedAt, clock.instant()).toSeconds());
        body.put("storage", Map.of("kind", storage.dialect().name().toLowerCase(), "description",
                                   storage.description()));
        Map<String, Object> plugins = new LinkedHashMap<>();
        plugins.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        counts.forEach((state, count) -> plugins.put(state.name().toLowerCase(), count));
        plugins.put("unreleased_class_loaders", host.unreleasedClassLoaders());
        body.put("plugins", plugins);
        body.put("signals", Map.of("series", signals.seriesCount(), "published", signals.published(),
                                   "rejected_series", signals.rejectedSeries()));
        body.put("limits", guard.describe());
        body.put("directories", directories);
        body.put("jvm", Map.of("version", Runtime.version().toString(), "heap_used_bytes", heap.getUsed(),
                               "heap_max_bytes", heap.getMax(),
                               "threads", ManagementFactory.getThreadMXBean().getThreadCount()));
        json.send(response, body);
    }

    private void plugins(ServerRequest request, ServerResponse response) {
        json.send(response, Map.of("plugins", host.views().all()));
    }

    private void listRoutes(ServerRequest request, ServerResponse response) {
        List<Map<String, Object>> all = new ArrayList<>();
        routes().forEach(route -> all.add(PluginViews.route(route)));
        all.addAll(host.views().routes());
        json.send(response, Map.of("routes", all));
    }

    private void plugin(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        json.send(response, host.views().one(id)
                .orElseThrow(() -> ApiException.notFound("no plugin '" + id + "' is installed")));
    }

    private void start(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        log(request, "start", id);
        host.start(id);
        plugin(request, response);
    }

    private void stop(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        log(request, "stop", id);
        host.stop(id);
        plugin(request, response);
    }

    private void reload(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        log(request, "reload", id);
        host.reload(id);
        plugin(request, response);
    }

    private void jobs(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        json.send(response, Map.of("jobs", host.views().jobs(id)
                .orElseThrow(() -> ApiException.notFound("no plugin '" + id + "' is installed"))));
    }

    private void runTask(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        String task = request.path().pathParameters().get("task");
        if (host.stateOf(id).isEmpty()) {
            throw ApiException.notFound("no plugin '" + id + "' is installed");
        }
        if (!scheduler.runNow(id, task)) {
            throw ApiException.notFound("plugin '" + id + "' has no running task '" + task + "'");
        }
        log(request, "run task " + task + " of", id);
        json.send(response, Status.ACCEPTED_202, Map.of("plugin", id, "task", task, "triggered", true));
    }

    private void signals(ServerRequest request, ServerResponse response) {
        var name = QueryParams.string(request, "name");
        if (name.isEmpty()) {
            json.send(response, Map.of("names", signals.names()));
            return;
        }
        int minutes = QueryParams.integer(request, "minutes", 60, 1, 7 * 24 * 60);
        List<Signals.SignalSeries> series = signals.history(name.get(), null,
                                                            clock.instant().minusSeconds(minutes * 60L));
        json.send(response, Map.of("name", name.get(), "series", series));
    }



    private void listTokens(ServerRequest request, ServerResponse response) {
        List<Map<String, Object>> described = tokens.describe();
        described.forEach(token -> token.put("limits", guard.describe((String) token.get("name"))));
        json.send(response, Map.of("tokens", described));
    }

    /** A new token's request body. */
    record NewToken(String name, String role) {
    }

    private void createToken(ServerRequest request, ServerResponse response) {
        NewToken wanted = json.read(request, NewToken.class);
        Role role = parseRole(wanted.role());
        String token = tokens.create(wanted.name(), role, Caller.of(request).tokenName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", wanted.name());
        body.put("role", role.label());
        body.put("token", token);
        body.put("note", "this is the only time the token is shown");
        json.send(response, Status.CREATED_201, body);
    }

    private static Role parseRole(String role) {
        if (role != null) {
            switch (role.toLowerCase()) {
                case "admin":
                    return Role.ADMIN;
                case "viewer":
                    return Role.VIEWER;
                case "ingest":
                    return Role.INGEST;
                default:
                    break;
            }
        }
        throw ApiException.invalidField("role", "must be one of admin, viewer, ingest");
    }

    private void deleteToken(ServerRequest request, ServerResponse response) {
        tokens.delete(request.path().pathParameters().get("name"), Caller.of(request).tokenName());
        response.status(Status.NO_CONTENT_204).send();
    }

    private static void log(ServerRequest request, String action, String id) {
        System.getLogger(AdminRoutes.class.getName()).log(System.Logger.Level.INFO, "admin {0}: {1} plugin {2}",
                                                          Caller.of(request).tokenName(), action, id);
    }
}
