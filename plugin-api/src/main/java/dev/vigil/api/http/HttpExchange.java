package dev.vigil.api.http;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One HTTP exchange the server completed, as timed by the kernel. The client's address and user agent are looked up
 * only when an observer asks (most never do, and the lookup costs more than recording a request): ask within
 * {@link RequestObserver#observe}, while the request is still at hand.
 */
public final class HttpExchange {

    private final Instant start;
    private final String method;
    private final String path;
    private final String routeTemplate;
    private final String pluginId;
    private final int status;
    private final long durationNanos;
    private final long bytesWritten;
    private final String caller;
    private final String requestId;
    private final Supplier<String> clientAddress;
    private final Supplier<String> userAgent;

    /**
     * @param routeTemplate the matched route, e.g. {@code /api/v1/errors/groups/{id}}; null when nothing matched
     * @param pluginId      the plugin that served it, {@code kernel} for kernel routes, null when nothing matched
     * @param caller        the token name, or null when the request carried no valid token
     */
    public HttpExchange(Instant start, String method, String path, String routeTemplate, String pluginId, int status,
                        long durationNanos, long bytesWritten, String caller, String requestId,
                        Supplier<String> clientAddress, Supplier<String> userAgent) {
        this.start = Objects.requireNonNull(start, "start");
        this.method = method;
        this.path = path;
        this.routeTemplate = routeTemplate;
        this.pluginId = pluginId;
        this.status = status;
        this.durationNanos = durationNanos;
        this.bytesWritten = bytesWritten;
        this.caller = caller;
        this.requestId = requestId;
        this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /** An exchange whose address and user agent are known already (tests, benchmarks). */
    public HttpExchange(Instant start, String method, String path, String routeTemplate, String pluginId, int status,
                        long durationNanos, long bytesWritten, String caller, String requestId, String clientAddress,
                        String userAgent) {
        this(start, method, path, routeTemplate, pluginId, status, durationNanos, bytesWritten, caller, requestId,
             () -> clientAddress, () -> userAgent);
    }

    public Instant start() {
        return start;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String routeTemplate() {
        return routeTemplate;
    }

    public String pluginId() {
        return pluginId;
    }

    public int status() {
        return status;
    }

    public long durationNanos() {
        return durationNanos;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public String caller() {
        return caller;
    }

    public String requestId() {
        return requestId;
    }

    public String clientAddress() {
        return clientAddress.get();
    }

    public String userAgent() {
        return userAgent.get();
    }

    public double durationMs() {
        return durationNanos / 1_000_000.0;
    }

    @Override
    public String toString() {
        return method + " " + path + " -> " + status + " in " + durationMs() + " ms (" + routeTemplate + ")";
    }
}
