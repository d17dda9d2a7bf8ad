package dev.vigil.kernel.http;

import dev.vigil.api.http.Caller;

/**
 * What the kernel learns about a request as it passes: registered in the request's context by the traffic filter
 * (request id) and filled in by the dispatcher (matched route, owner), read back by the filter after the response.
 */
public final class RequestInfo {

    private final String requestId;
    private volatile String routeTemplate;
    private volatile String ownerId;
    private volatile Caller caller;

    public RequestInfo(String requestId) {
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }

    public String routeTemplate() {
        return routeTemplate;
    }

    public String ownerId() {
        return ownerId;
    }

    /** The authenticated caller, or null: kept here so that the filter need not look it up in the context. */
    public Caller caller() {
        return caller;
    }

    void authenticated(Caller who) {
        this.caller = who;
    }

    void matched(Route route) {
        this.routeTemplate = route.template();
        this.ownerId = route.ownerId();
    }
}
