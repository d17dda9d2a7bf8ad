package dev.vigil.plugins.otlp;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request-kind span says about the request it served, by the semantic conventions: method, endpoint (the
 * route template), path and status. Pure logic.
 */
final class HttpShape {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
                                                      "TRACE", "CONNECT");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX_ID = Pattern.compile("(?=.*\\d)[0-9a-fA-F]{8,}");
    private static final Pattern TOKEN_LIKE = Pattern.compile("(?=.*\\d)(?=.*[a-zA-Z])[A-Za-z0-9_-]{20,}");

    private HttpShape() {
    }

    /** The HTTP method (upper case, {@code OTHER} for unknown ones); for other protocols a word for the kind. */
    static String method(SpanRecord span) {
        String method = span.attributes().text(Semconv.HTTP_METHOD);
        if (method != null) {
            String upper = method.strip().toUpperCase(Locale.ROOT);
            return METHODS.contains(upper) ? upper : "OTHER";
        }
        if (span.attributes().has(Semconv.RPC_SYSTEM)) {
            return "RPC";
        }
        return span.kind() == SpanRecord.Kind.CONSUMER ? "CONSUME" : span.kind().name();
    }

    /**
     * The route template ({@code http.route}); else the span's name without a leading method; else the path with
     * ids masked ({@code /users/{id}}); else the span's name as it is.
     */
    static String endpoint(SpanRecord span) {
        String route = span.attributes().text(Semconv.HTTP_ROUTE);
        if (route != null) {
            return route.strip();
        }
        String name = span.name().strip();
        boolean http = span.attributes().has(Semconv.HTTP_METHOD);
        String named = http ? withoutMethod(name) : name;
        String path = path(span);
        if (!named.isEmpty() && (!http || !mentionsRawPath(named, path))) {
            return named;
        }
        if (path != null) {
            return maskIds(path);
        }
        return name.isEmpty() ? "(unnamed)" : name;
    }

    /** The concrete path, without the query: {@code url.path}, {@code http.target}, or the path of the full URL. */
    static String path(SpanRecord span) {
        String path = span.attributes().text(Semconv.URL_PATH);
        if (path == null) {
            String url = span.attributes().text(Semconv.URL_FULL);
            if (url != null) {
                try {
                    path = URI.create(url).getRawPath();
                } catch (IllegalArgumentException e) {
                    path = null;
                }
            }
        }
        if (path == null || path.isEmpty()) {
            return null;
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The response status: HTTP's when the span has one, else 500 for a failed span and 200 for the rest. */
    static int status(SpanRecord span) {
        Long status = span.attributes().number(Semconv.HTTP_STATUS);
        if (status != null && status >= 100 && status <= 599) {
            return status.intValue();
        }
        return span.error() ? 500 : 200;
    }

    /** {@code /users/42/orders/9f1c2e3a} → {@code /users/{id}/orders/{id}}: numbers, UUIDs, hex and token-like ids. */
    static String maskIds(String path) {
        String[] segments = path.split("/", -1);
        StringBuilder masked = new StringBuilder(path.length());
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                masked.append('/');
            }
            String segment = segments[i];
            boolean id = NUMBER.matcher(segment).matches() || UUID.matcher(segment).matches()
                    || HEX_ID.matcher(segment).matches() || TOKEN_LIKE.matcher(segment).matches();
            masked.append(id ? "{id}" : segment);
        }
        return masked.toString();
    }

    /** {@code GET /users/{id}} → {@code /users/{id}}; {@code GET} alone → empty (it names no endpoint). */
    private static String withoutMethod(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("HTTP ")) {
            upper = upper.substring(5);
            name = name.substring(5);
        }
        for (String method : METHODS) {
            if (upper.equals(method) || upper.equals("_OTHER")) {
                return "";
            }
            if (upper.startsWith(method + " ")) {
                return name.substring(method.length() + 1).strip();
            }
        }
        return name;
    }

    /** Instrumentations without a route sometimes name the span after the raw path: that would be an id per endpoint. */
    private static boolean mentionsRawPath(String named, String path) {
        return path != null && named.equals(path) && !maskIds(path).equals(path);
    }
}
