package dev.vigil.api.http;

import java.time.Instant;

/**
 * One HTTP exchange the server completed, as timed by the kernel.
 *
 * @param routeTemplate the matched route, e.g. {@code /api/v1/errors/groups/{id}}; null when nothing matched
 * @param pluginId      the plugin that served it, {@code kernel} for kernel routes, null when nothing matched
 * @param caller        the token name, or null when the request carried no valid token
 */
public record HttpExchange(Instant start, String method, String path, String routeTemplate, String pluginId,
                           int status, long durationNanos, long bytesWritten, String caller, String requestId,
                           String clientAddress, String userAgent) {

    public double durationMs() {
        return durationNanos / 1_000_000.0;
    }
}
