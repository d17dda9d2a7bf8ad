package dev.vigil.api.http;

/**
 * Told of every HTTP exchange the server completes. The kernel's one request filter does the timing and
 * reads the matched route template, so that no plugin can break or slow the chain; an observer runs on the
 * request's thread after the response, so it must only hand the exchange off (a queue), never do I/O.
 */
@FunctionalInterface
public interface RequestObserver {

    void observe(HttpExchange exchange);
}
