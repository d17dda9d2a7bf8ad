package dev.vigil.plugins.optimizer;

import java.util.Objects;

/** One endpoint of one service: the unit recommendations and anomalies talk about. */
record EndpointKey(String service, String method, String endpoint) {

    /** Long values would bloat every table and nominal attribute; real route templates are far shorter. */
    static final int MAX_SERVICE = 100;
    static final int MAX_METHOD = 16;
    static final int MAX_ENDPOINT = 300;

    EndpointKey {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    static EndpointKey of(String service, String method, String endpoint) {
        return new EndpointKey(cut(service, MAX_SERVICE), cut(method, MAX_METHOD).toUpperCase(java.util.Locale.ROOT),
                               cut(endpoint, MAX_ENDPOINT));
    }

    /** {@code GET /orders}: how the endpoint reads in titles and in the model's endpoint attribute. */
    String route() {
        return method + " " + endpoint;
    }

    /** Unique across services: the key of per-endpoint baselines. */
    String id() {
        return service + " " + method + " " + endpoint;
    }

    // equals and hashCode are written out: the ones a record generates go through java.lang.runtime.ObjectMethods,
    // whose JDK-wide method-handle caches then keep this class (and so the plugin's class loader) softly reachable
    // after the plugin is unloaded. This key is hashed constantly.
    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointKey key && service.equals(key.service) && method.equals(key.method)
                && endpoint.equals(key.endpoint);
    }

    @Override
    public int hashCode() {
        return (service.hashCode() * 31 + method.hashCode()) * 31 + endpoint.hashCode();
    }

    @Override
    public String toString() {
        return id();
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
