package dev.vigil.api.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

/**
 * Where a plugin declares its HTTP routes. Paths are relative to {@code /api/v1/<plugin-id>} and may hold
 * parameters ({@code /groups/{id}}), read with {@code req.path().pathParameters().get("id")}. The kernel checks
 * the caller's token against each route's role before the handler runs, answers errors in the standard JSON
 * shape, and removes the routes when the plugin stops.
 */
public interface PluginRoutes {

    PluginRoutes route(Method method, String path, Role role, Handler handler);

    default PluginRoutes get(String path, Role role, Handler handler) {
        return route(Method.GET, path, role, handler);
    }

    default PluginRoutes post(String path, Role role, Handler handler) {
        return route(Method.POST, path, role, handler);
    }

    default PluginRoutes put(String path, Role role, Handler handler) {
        return route(Method.PUT, path, role, handler);
    }

    default PluginRoutes delete(String path, Role role, Handler handler) {
        return route(Method.DELETE, path, role, handler);
    }

    /**
     * Routes mounted at the server root instead of under the plugin's prefix: for a web UI ({@code /}) and
     * scripts browsers load ({@code /vigil.js}). Paths under {@code /api/} and {@code /health} are refused.
     */
    PluginRoutes root();

    /**
     * A view whose routes answer every error (a missing or wrong token, a refused body, a failure) through
     * {@code writer} instead of Vigil's JSON error shape.
     */
    PluginRoutes withErrorWriter(ErrorWriter writer);
}
