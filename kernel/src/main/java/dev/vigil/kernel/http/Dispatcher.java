package dev.vigil.kernel.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.Role;
import dev.vigil.kernel.limits.TokenGuard;
import dev.vigil.kernel.runtime.CurrentWork;
import dev.vigil.kernel.runtime.FailureReporter;

import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one handler Helidon routes every request to. Helidon's routing is built once, so plugin routes live in
 * tables here, keyed by plugin id: a plugin's routes appear when it starts and vanish when it stops, without
 * restarting the server. The dispatcher authenticates, checks the route's role, sets path parameters, runs the
 * handler as the owning plugin's work, and turns what escapes into the standard error JSON.
 */
public final class Dispatcher implements Handler {

    public static final String API_PREFIX = "/api/v1/";
    public static final String KERNEL = "kernel";
    private static final io.helidon.http.HeaderName ALLOW_ORIGIN =
            HeaderNames.create("Access-Control-Allow-Origin");

    private final Map<String, List<Route>> apiRoutes = new ConcurrentHashMap<>();
    private final Map<String, List<Route>> rootRoutes = new ConcurrentHashMap<>();
    /** Every root route, by owner in order: rebuilt on each mount, read by every request outside the API. */
    private volatile List<Route> rootCandidates = List.of();
    private final TokenStore tokens;
    private final ErrorResponder errors;
    private final FailureReporter failures;
    private final Function<String, Optional<String>> pluginState;
    private final BodyLimit bodyLimit;
    private final TokenGuard guard;

    /**
     * @param pluginState the state of a plugin that is known but serves no routes (STOPPED, FAILED), for messages
     * @param guard       per-token limits and grants, attached to each request before its handler runs
     */
    public Dispatcher(TokenStore tokens, ErrorResponder errors, FailureReporter failures,
                      Function<String, Optional<String>> pluginState, BodyLimit bodyLimit, TokenGuard guard) {
        this.tokens = tokens;
        this.errors = errors;
        this.failures = failures;
        this.pluginState = pluginState;
        this.bodyLimit = bodyLimit;
        this.guard = guard;
    }

    /** Routes of the kernel itself: under {@code /api/v1/admin/} and at the root ({@code /health}, {@code /metrics}). */
    public void mountKernel(List<Route> routes) {
        List<Route> admin = routes.stream().filter(r -> r.template().startsWith(API_PREFIX)).toList();
        List<Route> root = routes.stream().filter(r -> !r.template().startsWith(API_PREFIX)).toList();
        apiRoutes.put("admin", admin);
        rootRoutes.put("~" + KERNEL, root); // sorts after every plugin id: plugins cannot shadow it anyway
        rebuildRootCandidates();
    }

    public void mount(String pluginId, List<Route> prefixed, List<Route> root) {
        apiRoutes.put(pluginId, List.copyOf(prefixed));
        if (!root.isEmpty()) {
            rootRoutes.put(pluginId, List.copyOf(root));
            rebuildRootCandidates();
        }
    }

    public void unmount(String pluginId) {
        apiRoutes.remove(pluginId);
        if (rootRoutes.remove(pluginId) != null) {
            rebuildRootCandidates();
        }
    }

    private synchronized void rebuildRootCandidates() {
        List<Route> all = new ArrayList<>();
        rootRoutes.keySet().stream().sorted().forEach(owner -> all.addAll(rootRoutes.getOrDefault(owner, List.of())));
        rootCandidates = List.copyOf(all);
    }

    /** The plugin already serving {@code method template} at the root, if any. */
    public Optional<String> rootRouteOwner(Method method, String template) {
        for (Map.Entry<String, List<Route>> owner : rootRoutes.entrySet()) {
            for (Route route : owner.getValue()) {
                if (route.method().equals(method) && route.template().equals(template)) {
                    return Optional.of(route.ownerId());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) {
        UriPath uriPath = request.prologue().uriPath();
        String path = uriPath.path();
        Method method = request.prologue().method();
        RequestInfo info = request.context().get(RequestInfo.class).orElseGet(() -> new RequestInfo(null));
        List<Route> candidates = candidates(path);
        if (method.equals(Method.OPTIONS) && answerPreflight(uriPath, candidates, response)) {
            return;
        }
        Optional<Caller> caller = authenticate(request);
        caller.ifPresent(c -> authenticated(request, info, c));

        Route route = null;
        PathMatchers.MatchResult match = null;
        Set<String> allowed = new TreeSet<>();
        for (Route candidate : candidates) {
            PathMatchers.MatchResult result = candidate.matcher().match(uriPath);
            if (result.accepted()) {
                if (candidate.method().equals(method)) {
                    route = candidate;
                    match = result;
                    break;
                }
                allowed.add(candidate.method().text());
            }
        }
        if (route == null) {
            answerUnmatched(response, path, caller.isPresent(), allowed);
            return;
        }
        info.matched(route);
        if (crossOrigin(route)) {
            // Before any check: a page on another origin must be able to read why its call was refused.
            response.header(ALLOW_ORIGIN, "*");
        }
        long declaredBody = request.headers().contentLength().orElse(-1);
        if (bodyLimit.exceededBy(declaredBody)) {
            // Answered before anything reads the body; Helidon then discards it (see BodyLimit).
            ApiException tooLarge = bodyLimit.tooLarge(declaredBody);
            errors.send(route, request, response, 413, tooLarge.code(), tooLarge.getMessage(), tooLarge.details());
            return;
        }
        if (caller.isEmpty() && route.role() == Role.INGEST) {
            // Browsers' sendBeacon cannot set headers: ingest routes also take the token as access_token.
            caller = request.query().first("access_token").asOptional().flatMap(tokens::authenticate);
            caller.ifPresent(c -> authenticated(request, info, c));
        }
        if (route.role() != Role.PUBLIC) {
            if (caller.isEmpty()) {
                unauthorized(route, request, response);
                return;
            }
            if (!caller.get().role().allows(route.role())) {
                errors.send(route, request, response, 403, "forbidden", "this route needs the "
                        + route.role().label() + " role; the token '" + caller.get().tokenName() + "' has the "
                        + caller.get().role().label() + " role", Map.of("required_role", route.role().label()));
                return;
            }
        }
        if (request instanceof RoutingRequest routing) {
            routing.path(match.path());
        }
        invoke(route, request, response, info);
    }

    private void invoke(Route route, ServerRequest request, ServerResponse response, RequestInfo info) {
        try (CurrentWork.Scope ignored = CurrentWork.enter(
                new CurrentWork.Work(route.ownerId(), info.requestId(), route.template()))) {
            guard.admit(request, route.role());
            route.handler().handle(request, response);
            if (!answered(response)) {
                throw new IllegalStateException("the handler of " + route.method().text() + " " + route.template()
                                                        + " returned without sending a response");
            }
        } catch (Throwable error) {
            if (answered(response) && error instanceof java.io.UncheckedIOException) {
                // The client went away while a streamed answer (server-sent events, a download) was being written.
                return;
            }
            String owner = route.ownerId().equals(KERNEL) ? "the kernel" : "plugin '" + route.ownerId() + "'";
            String reference = answered(response) ? "response already started"
                    : errors.sendFailure(route, request, response, error, owner);
            if (reference != null) {
                failures.failed(route.ownerId(), "route " + route.method().text() + " " + route.template()
                        + " (reference " + reference + ")", error, route.template(), info.requestId(), true);
            }
        }
    }

    /** Whether the handler has sent, or begun streaming, its answer: nothing else may be written then. */
    private static boolean answered(ServerResponse response) {
        return response.isSent() || response instanceof RoutingResponse routing && routing.hasEntity();
    }

    /**
     * Ingest and public routes are called from monitored web pages on other origins: they allow any origin (they
     * take a token, never a cookie), and their preflight requests are answered here.
     */
    private static boolean crossOrigin(Route route) {
        return route.role() == Role.INGEST || route.role() == Role.PUBLIC;
    }

    private boolean answerPreflight(UriPath uriPath, List<Route> candidates, ServerResponse response) {
        Set<String> methods = new TreeSet<>();
        for (Route candidate : candidates) {
            if (crossOrigin(candidate) && candidate.matcher().match(uriPath).accepted()) {
                methods.add(candidate.method().text());
            }
        }
        if (methods.isEmpty()) {
            return false;
        }
        response.header(ALLOW_ORIGIN, "*");
        response.header(HeaderNames.create("Access-Control-Allow-Methods"), String.join(", ", methods));
        response.header(HeaderNames.create("Access-Control-Allow-Headers"), "Authorization, Content-Type");
        response.header(HeaderNames.create("Access-Control-Max-Age"), "600");
        response.status(io.helidon.http.Status.NO_CONTENT_204).send();
        return true;
    }

    private List<Route> candidates(String path) {
        if (path.startsWith(API_PREFIX)) {
            String rest = path.substring(API_PREFIX.length());
            int slash = rest.indexOf('/');
            String owner = slash < 0 ? rest : rest.substring(0, slash);
            return apiRoutes.getOrDefault(owner, List.of());
        }
        return rootCandidates;
    }

    private void answerUnmatched(ServerResponse response, String path, boolean authenticated, Set<String> allowed) {
        boolean api = path.startsWith(API_PREFIX);
        if (api && !authenticated) {
            // Anonymous callers learn nothing about which API paths exist.
            errors.send(response, 401, "unauthorized", "this API needs 'Authorization: Bearer <token>'", null);
            return;
        }
        if (!allowed.isEmpty()) {
            response.header(HeaderNames.ALLOW, String.join(", ", allowed));
            errors.send(response, 405, "method_not_allowed", "this path answers " + String.join(", ", allowed),
                        Map.of("allowed", allowed));
            return;
        }
        if (api) {
            String rest = path.substring(API_PREFIX.length());
            String owner = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            if (!apiRoutes.containsKey(owner)) {
                Optional<String> state = pluginState.apply(owner);
                if (state.isPresent()) {
                    errors.send(response, 503, "plugin_unavailable", "plugin '" + owner + "' is " + state.get()
                            + "; see GET /api/v1/admin/plugins/" + owner, Map.of("plugin", owner,
                                                                                 "state", state.get()));
                    return;
                }
                errors.send(response, 404, "not_found", "no plugin '" + owner + "' is installed", null);
                return;
            }
        }
        errors.send(response, 404, "not_found", "nothing is served at " + path, null);
    }

    /** Handlers find the caller in the request's context; the traffic filter in the request's info. */
    private static void authenticated(ServerRequest request, RequestInfo info, Caller caller) {
        request.context().register(caller);
        info.authenticated(caller);
    }

    private void unauthorized(Route route, ServerRequest request, ServerResponse response) {
        boolean presented = request.headers().contains(HeaderNames.AUTHORIZATION);
        response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"vigil\"");
        errors.send(route, request, response, 401, "unauthorized", presented ? "the token is not valid"
                : "this route needs 'Authorization: Bearer <token>'", null);
    }

    private Optional<Caller> authenticate(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return tokens.authenticate(value.substring(7).trim());
        }
        return Optional.empty();
    }
}
