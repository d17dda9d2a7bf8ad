package dev.vigil.api.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

import io.helidon.webserver.http.ServerRequest;

/** Typed query parameters; a bad value is a 400 that names the parameter and says what is allowed. */
public final class QueryParams {

    private QueryParams() {
    }

    public static Optional<String> string(ServerRequest request, String name) {
        return request.query().first(name).asOptional().filter(value -> !value.isBlank());
    }

    public static int integer(ServerRequest request, String name, int defaultValue, int min, int max) {
        Optional<String> raw = string(request, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value < min || value > max) {
                throw invalid(name, "must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be an integer, got '" + raw.get() + "'");
        }
    }

    public static double number(ServerRequest request, String name, double defaultValue, double min, double max) {
        Optional<String> raw = string(request, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get().trim());
            if (!(value >= min && value <= max)) {
                throw invalid(name, "must be between " + min + " and " + max + ", got " + raw.get());
            }
            return value;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a number, got '" + raw.get() + "'");
        }
    }

    public static boolean bool(ServerRequest request, String name, boolean defaultValue) {
        Optional<String> raw = string(request, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw invalid(name, "must be true or false, got '" + raw.get() + "'");
        };
    }

    /** One of {@code allowed}, exactly as spelled there. */
    public static String oneOf(ServerRequest request, String name, String defaultValue, Set<String> allowed) {
        Optional<String> raw = string(request, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        if (!allowed.contains(raw.get())) {
            throw invalid(name, "must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + raw.get() + "'");
        }
        return raw.get();
    }

    /** An ISO-8601 instant. */
    public static Optional<Instant> instant(ServerRequest request, String name) {
        Optional<String> raw = string(request, name);
        try {
            return raw.map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 time such as 2026-11-23T10:15:30Z, got '" + raw.get() + "'");
        }
    }

    private static ApiException invalid(String name, String problem) {
        return new ApiException(400, "invalid_parameter", "query parameter '" + name + "' " + problem,
                                java.util.Map.of("parameter", name), null);
    }
}
