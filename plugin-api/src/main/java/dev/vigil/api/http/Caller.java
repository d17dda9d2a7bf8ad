package dev.vigil.api.http;

import io.helidon.webserver.http.ServerRequest;

/** Who made a request: the name of the token used and its role. Anonymous on public routes. */
public record Caller(String tokenName, Role role) {

    public static final Caller ANONYMOUS = new Caller("anonymous", Role.PUBLIC);

    /** The caller of a request the kernel has authenticated. */
    public static Caller of(ServerRequest request) {
        return request.context().get(Caller.class).orElse(ANONYMOUS);
    }
}
