package dev.vigil.plugins.requests;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Objects;

import dev.vigil.api.http.ApiException;

/**
 * What figures are kept per: a service's endpoint (route template) and method. Its {@link #id()} is an opaque,
 * URL-safe key for {@code GET /endpoints/{key}}: a template holds slashes and braces, which a path segment cannot.
 */
record EndpointKey(String service, String method, String endpoint) {

    static final Comparator<EndpointKey> ORDER = Comparator.comparing(EndpointKey::service)
            .thenComparing(EndpointKey::endpoint).thenComparing(EndpointKey::method);

    private static final char SEPARATOR = '\n';

    // equals and hashCode are written out: this key is compared on every request Vigil serves, and the strings of
    // one route are the same instances, which the generated record methods do not try first.
    @Override
    public boolean equals(Object other) {
        return other instanceof EndpointKey key && same(endpoint, key.endpoint) && same(method, key.method)
                && same(service, key.service);
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(service) * 31 + Objects.hashCode(method)) * 31
                + Objects.hashCode(endpoint);
    }

    private static boolean same(String a, String b) {
        return a == b || a != null && a.equals(b);
    }

    String id() {
        String joined = service + SEPARATOR + method + SEPARATOR + endpoint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
    }

    /** The key of an {@link #id()}; a 400 naming {@code key} when it is not one. */
    static EndpointKey parse(String id) {
        String joined;
        try {
            joined = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(id);
        }
        String[] parts = joined.split(String.valueOf(SEPARATOR), 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw invalid(id);
        }
        return new EndpointKey(parts[0], parts[1], parts[2]);
    }

    private static ApiException invalid(String id) {
        return new ApiException(400, "invalid_parameter", "key: '" + id + "' is not an endpoint key; take one from "
                + "GET /api/v1/requests/endpoints", java.util.Map.of("parameter", "key"), null);
    }
}
