package dev.vigil.kernel.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.vigil.api.http.ErrorWriter;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/** Collects the routes a plugin declares, under its prefix or at the root, checking each path. */
public final class RouteCollector implements PluginRoutes {

    private final String ownerId;
    private final String prefix;
    private final List<Route> prefixed = new ArrayList<>();
    private final List<Route> rooted = new ArrayList<>();
    private final PluginRoutes plain;

    public RouteCollector(String ownerId, String prefix) {
        this.ownerId = ownerId;
        this.prefix = prefix;
        this.plain = new Scope(false, null);
    }

    @Override
    public PluginRoutes route(Method method, String path, Role role, Handler handler) {
        return plain.route(method, path, role, handler);
    }

    @Override
    public PluginRoutes root() {
        return plain.root();
    }

    @Override
    public PluginRoutes withErrorWriter(ErrorWriter writer) {
        return plain.withErrorWriter(writer);
    }

    public List<Route> prefixedRoutes() {
        return List.copyOf(prefixed);
    }

    public List<Route> rootRoutes() {
        return List.copyOf(rooted);
    }

    private static String normalise(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.equals("/")) {
            return "";
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route paths start with '/': " + path);
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /**
     * Routes under the plugin's prefix, or at the server root (anything but the API, health and metrics), answering
     * errors through {@code errorWriter} (null: Vigil's JSON).
     */
    private final class Scope implements PluginRoutes {
        private final boolean atRoot;
        private final ErrorWriter errorWriter;

        Scope(boolean atRoot, ErrorWriter errorWriter) {
            this.atRoot = atRoot;
            this.errorWriter = errorWriter;
        }

        @Override
        public PluginRoutes route(Method method, String path, Role role, Handler handler) {
            if (atRoot) {
                rooted.add(Route.of(ownerId, method, checkedRootPath(path), role, handler, errorWriter));
            } else {
                prefixed.add(Route.of(ownerId, method, prefix + normalise(path), role, handler, errorWriter));
            }
            return this;
        }

        @Override
        public PluginRoutes root() {
            return atRoot ? this : new Scope(true, errorWriter);
        }

        @Override
        public PluginRoutes withErrorWriter(ErrorWriter writer) {
            return new Scope(atRoot, Objects.requireNonNull(writer, "writer"));
        }
    }

    private static String checkedRootPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.startsWith("/api/") || path.equals("/api")
                || path.equals("/health") || path.equals("/metrics")) {
            throw new IllegalArgumentException("a root route may not use " + path
                                                       + " (the API, /health and /metrics are the kernel's)");
        }
        return path;
    }
}
