package dev.vigil.plugins.errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Ingest bodies for the integration tests. */
final class Records {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Records() {
    }

    /** A record of an error with a Java stack. */
    static Map<String, Object> javaError(String service, long orderId, int line, String user, String release) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("service", service);
        record.put("level", "error");
        record.put("stack", """
                java.lang.IllegalStateException: order %d could not be placed
                \tat com.shop.orders.OrderService.place(OrderService.java:%d)
                \tat org.springframework.web.Dispatcher.invoke(Dispatcher.java:500)
                \tat com.shop.web.OrderController.post(OrderController.java:%d)
                """.formatted(orderId, line, line + 100));
        record.put("endpoint", "/orders/" + orderId + "?debug=1");
        record.put("user", user);
        record.put("release", release);
        record.put("environment", "prod");
        return record;
    }

    /** Another fault in the same service. */
    static Map<String, Object> otherJavaError(String service) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("service", service);
        record.put("exception_type", "java.lang.NullPointerException");
        record.put("message", "cart is null");
        record.put("frames", List.of(
                Map.of("module", "com.shop.cart.CartService", "function", "total", "file", "CartService.java",
                       "line", 12, "in_app", true),
                Map.of("module", "com.shop.web.OrderController", "function", "post", "line", 17)));
        return record;
    }

    static Map<String, Object> record(Object... keysAndValues) {
        Map<String, Object> record = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            record.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return record;
    }

    static String batch(Object... records) {
        return json(Map.of("records", List.of(records)));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
