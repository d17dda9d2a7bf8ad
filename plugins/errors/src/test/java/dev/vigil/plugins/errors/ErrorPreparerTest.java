package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.events.StackFrame;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** From an event to what is stored: scrubbed, cut, parsed, fingerprinted. */
class ErrorPreparerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");
    private final ErrorPreparer preparer = new ErrorPreparer(new ObjectMapper());

    private static ErrorEvent event(String type, String message, String stack, String release) {
        return new ErrorEvent(NOW.minusSeconds(5), "shop", ErrorLevel.ERROR, type, message, List.of(), stack, "/cart",
                              null, null, "u1", null, null, release, "prod", Map.of(), null);
    }

    private PreparedError prepare(ErrorEvent event) {
        return preparer.prepare(event, ErrorsConfig.DEFAULTS, NOW);
    }

    private static String javaTrace(long orderId, int line1, int line2, String host) {
        return """
                java.lang.IllegalStateException: order %d could not be placed on %s
                \tat com.shop.orders.OrderService.place(OrderService.java:%d)
                \tat org.springframework.web.Dispatcher.invoke(Dispatcher.java:500)
                \tat com.shop.web.OrderController.post(OrderController.java:%d)
                """.formatted(orderId, host, line1, line2);
    }

    @Test
    void theSameFaultFromThreePlacesWithOtherLinesAndIdsIsOneGroup() {
        PreparedError first = prepare(event(null, null, javaTrace(4711, 42, 17, "web-1"), "1.0.0"));
        PreparedError second = prepare(event(null, null, javaTrace(815, 44, 19, "web-2"), "1.0.1"));
        PreparedError third = prepare(event(null, null, javaTrace(90210, 51, 23, "web-3"), "1.1.0"));
        assertEquals(first.groupKey(), second.groupKey());
        assertEquals(first.groupKey(), third.groupKey());
        assertEquals("java.lang.IllegalStateException", first.exceptionType());
        assertEquals("order 4711 could not be placed on web-1", first.message());
        assertEquals("com.shop.orders.OrderService in place", first.fingerprint().culprit());

        PreparedError otherFault = prepare(event(null, null, """
                java.lang.NullPointerException: cart is null
                \tat com.shop.cart.CartService.total(CartService.java:12)
                \tat com.shop.web.OrderController.post(OrderController.java:17)
                """, "1.0.0"));
        assertNotEquals(first.groupKey(), otherFault.groupKey());
    }

    @Test
    void browserErrorsWithoutStackGroupByMaskedMessage() {
        PreparedError first = prepare(event("TypeError", "item 123 of cart 3f2504e0-4f89-11d3-9a0c-0305e82c3301 missing",
                                            null, null));
        PreparedError second = prepare(event("TypeError", "item 9 of cart 6ba7b810-9dad-11d1-80b4-00c04fd430c8 missing",
                                             null, null));
        PreparedError third = prepare(event("TypeError", "item 77 of cart 00000000-0000-0000-0000-000000000000 missing",
                                            null, null));
        assertEquals(first.groupKey(), second.groupKey());
        assertEquals(first.groupKey(), third.groupKey());
        assertEquals("message", first.fingerprint().basis());
        assertNotEquals(first.groupKey(), prepare(event("RangeError", "item 9 of cart x missing", null, null)).groupKey());
    }

    @Test
    void secretsAreScrubbedBeforeParsingFingerprintingAndStoring() {
        ErrorEvent event = new ErrorEvent(NOW, "shop", ErrorLevel.CRITICAL, null, null, List.of(),
                """
                java.lang.SecurityException: login with password=hunter2 and card 4111 1111 1111 1111 rejected
                \tat com.shop.Auth.login(Auth.java:5)
                """, "/login?token=abc#frag", null, null, "u1", "curl/8", "203.0.113.9", null, null,
                Map.of("headers", Map.of("Authorization", "Bearer abcdef"), "note", "sent Bearer abcdef"), null);
        PreparedError prepared = prepare(event);
        String everything = prepared.message() + prepared.rawStack() + prepared.exceptionsJson()
                + prepared.contextJson() + prepared.endpoint();
        assertFalse(everything.contains("hunter2"), everything);
        assertFalse(everything.contains("4111"), everything);
        assertFalse(everything.contains("abcdef"), everything);
        assertFalse(everything.contains("token=abc"), everything);
        assertEquals("/login", prepared.endpoint());
        assertEquals("203.0.113.9", prepared.clientIp());

        ErrorsConfig truncating = new ErrorsConfig(ErrorsConfig.DEFAULTS.retention(),
                ErrorsConfig.DEFAULTS.retentionInterval(), 1000, 5_000_000, 20, 8192, 65_536, 200, 16_384, List.of(),
                true, List.of(), List.of(), 50_000, ErrorsConfig.DEFAULTS.ingestTimeout());
        assertEquals("203.0.113.0", preparer.prepare(event, truncating, NOW).clientIp());
    }

    @Test
    void aHandedOverClientAddressIsKeptOnlyWhenItIsAnIpLiteral() {
        for (String address : List.of("203.0.113.9", "2001:db8::7")) {
            assertEquals(address, prepare(withClientIp(address)).clientIp());
        }
        for (String notAnAddress : List.of("db.internal", "localhost", "203.0.113.9:8080")) {
            assertEquals(null, prepare(withClientIp(notAnAddress)).clientIp(), notAnAddress);
        }
    }

    private static ErrorEvent withClientIp(String address) {
        return new ErrorEvent(NOW, "shop", ErrorLevel.ERROR, "java.lang.IllegalStateException", "broken", List.of(),
                              null, "/orders", null, null, null, null, address, null, null, Map.of(), null);
    }

    @Test
    void framesSentWithTheEventWinOverTheRawStack() {
        ErrorEvent event = new ErrorEvent(NOW, "vigil", ErrorLevel.ERROR, "java.lang.IllegalStateException", "boom",
                                          List.of(new StackFrame("test.thrower.Thrower", "lambda$routes$0", "Thrower.java",
                                                                 12, true)),
                                          "java.lang.IllegalStateException: boom\n\tat x.Y.z(Y.java:1)\n", "/explode",
                                          "r-1", null, null, null, null, null, null, Map.of("plugin", "thrower"),
                                          null);
        PreparedError prepared = prepare(event);
        assertEquals(1, prepared.exceptions().size());
        assertEquals("test.thrower.Thrower", prepared.exceptions().getFirst().frames().getFirst().module());
        assertEquals("test.thrower.Thrower in lambda$routes$0", prepared.fingerprint().culprit());
    }

    @Test
    void longTextIsCutAndFutureTimesClamped() {
        String longMessage = "x".repeat(20_000);
        ErrorEvent event = new ErrorEvent(NOW.plusSeconds(3600), "shop", ErrorLevel.ERROR, "E", longMessage, List.of(),
                                          null, null, null, null, null, null, null, null, null, Map.of(), null);
        PreparedError prepared = prepare(event);
        assertEquals(8192, prepared.message().length());
        assertTrue(prepared.message().endsWith(ErrorPreparer.TRUNCATED));
        assertEquals(NOW, prepared.occurredAt());
    }
}
