package dev.vigil.kernel.http;

import dev.vigil.api.http.ErrorWriter;
import dev.vigil.api.http.Role;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;

/**
 * One route as the dispatcher serves it: the full path template (what the request filter reports), the role
 * it needs and who owns it.
 *
 * @param errorWriter writes its error answers in a protocol's own shape; null for Vigil's JSON errors
 */
public record Route(String ownerId, Method method, String template, Role role, Handler handler,
                    PathMatcher matcher, ErrorWriter errorWriter) {

    public static Route of(String ownerId, Method method, String template, Role role, Handler handler) {
        return of(ownerId, method, template, role, handler, null);
    }

    public static Route of(String ownerId, Method method, String template, Role role, Handler handler,
                           ErrorWriter errorWriter) {
        return new Route(ownerId, method, template, role, handler, PathMatchers.create(template), errorWriter);
    }
}
