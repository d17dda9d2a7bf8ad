package dev.vigil.kernel.http;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.vigil.api.http.Caller;
import dev.vigil.api.http.HttpExchange;
import dev.vigil.api.http.RequestObserver;
import dev.vigil.kernel.runtime.FailureReporter;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The kernel's one request filter: gives every request an id (or keeps the caller's {@code X-Request-Id}), times
 * it, and after the response tells the plugins' request observers what happened, including the route template
 * the dispatcher matched.
 */
public final class TrafficFilter implements Filter {

    private static final int MAX_REQUEST_ID_LENGTH = 64;
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");

    private final Map<String, List<RequestObserver>> observers = new ConcurrentHashMap<>();
    private final FailureReporter failures;
    private final Clock clock;
    private volatile List<Map.Entry<String, RequestObserver>> flat = List.of();

    public TrafficFilter(FailureReporter failures, Clock clock) {
        this.failures = failures;
        this.clock = clock;
    }

    public synchronized void register(String pluginId, List<RequestObserver> pluginObservers) {
        if (!pluginObservers.isEmpty()) {
            observers.put(pluginId, List.copyOf(pluginObservers));
            rebuild();
        }
    }

    public synchronized void remove(String pluginId) {
        if (observers.remove(pluginId) != null) {
            rebuild();
        }
    }

    private void rebuild() {
        flat = observers.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(o -> Map.entry(e.getKey(), o)))
                .toList();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String requestId = requestId(request.headers());
        RequestInfo info = new RequestInfo(requestId);
        request.context().register(info);
        response.header(REQUEST_ID, requestId);
        long started = System.nanoTime();
        Instant start = clock.instant();
        try {
            chain.proceed();
        } finally {
            List<Map.Entry<String, RequestObserver>> current = flat;
            if (!current.isEmpty()) {
                Caller caller = info.caller();
                notify(current, new HttpExchange(
                        start, request.prologue().method().text(), request.prologue().uriPath().path(),
                        info.routeTemplate(), info.ownerId(), response.status().code(), System.nanoTime() - started,
                        response.bytesWritten(), caller == null ? null : caller.tokenName(), requestId,
                        () -> request.remotePeer().host(),
                        () -> request.headers().first(HeaderNames.USER_AGENT).orElse(null)));
            }
        }
    }

    private void notify(List<Map.Entry<String, RequestObserver>> current, HttpExchange exchange) {
        for (Map.Entry<String, RequestObserver> observer : current) {
            try {
                observer.getValue().observe(exchange);
            } catch (RuntimeException e) {
                failures.failed(observer.getKey(), "request observer", e, exchange.routeTemplate(),
                                exchange.requestId(), true);
            }
        }
    }

    /** The caller's {@code X-Request-Id} when it is usable, else a new one. */
    static String requestId(Headers headers) {
        return headers.first(REQUEST_ID)
                .filter(id -> !id.isBlank() && id.length() <= MAX_REQUEST_ID_LENGTH)
                .orElseGet(TrafficFilter::newRequestId);
    }

    private static String newRequestId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
