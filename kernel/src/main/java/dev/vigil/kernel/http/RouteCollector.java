package dev.vigil.kernel.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
    private final RootRoutes root = new RootRoutes();

    public RouteCollector(String ownerId, String prefix) {
        this.ownerId = ownerId;
        this.prefix = prefix;
    }

    @Override
    public PluginRoutes route(Method method, String path, Role role, Handler handler) {
        prefixed.add(Route.of(ownerId, method, prefix + normalise(path), role, handler));
        return this;
    }

    @Override
    public PluginRoutes root() {
        return root;
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

    /** Routes at the server root: anything but the API and health. */
    private final class RootRoutes implements PluginRoutes {
        @Override
        public PluginRoutes route(Method method, String path, Role role, Handler handler) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.startsWith("/api/") || path.equals("/api")
                    || path.equals("/health") || path.equals("/metrics")) {
                throw new IllegalArgumentException("a root route may not use " + path
                                                           + " (the API, /health and /metrics are the kernel's)");
            }
            rooted.add(Route.of(ownerId, method, path, role, handler));
            return this;
        }

        @Override
        public PluginRoutes root() {
            return this;
        }
    }
}
