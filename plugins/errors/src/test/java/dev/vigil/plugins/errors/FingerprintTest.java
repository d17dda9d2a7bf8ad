package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import dev.vigil.api.events.StackFrame;

import org.junit.jupiter.api.Test;

/** What makes two occurrences one group, and what keeps two faults apart. */
class FingerprintTest {

    private static StackFrame app(String module, String function, int line) {
        return new StackFrame(module, function, module + ".java", line, true);
    }

    private static StackFrame library(String module, String function, int line) {
        return new StackFrame(module, function, null, line, false);
    }

    private static List<ExceptionBlock> chain(String message, StackFrame... frames) {
        return List.of(new ExceptionBlock("java.lang.IllegalStateException", message, List.of(frames)));
    }

    @Test
    void lineNumbersMessagesAndLibraryFramesDoNotSplitAGroup() {
        Fingerprint first = Fingerprint.of("java.lang.IllegalStateException", "cart 17 is closed",
                chain("cart 17 is closed", app("com.shop.Cart", "add", 42), library("org.springframework.X", "a", 1),
                      app("com.shop.Web", "post", 10)), null);
        Fingerprint second = Fingerprint.of("java.lang.IllegalStateException", "cart 99 is closed",
                chain("cart 99 is closed", app("com.shop.Cart", "add", 57), library("org.springframework.Y", "b", 7),
                      library("io.netty.Z", "c", 9), app("com.shop.Web", "post", 12)), null);
        assertEquals(first.hash(), second.hash());
        assertEquals("stack", first.basis());
        assertEquals("com.shop.Cart in add", first.culprit());
    }

    @Test
    void anotherFunctionOrTypeIsAnotherGroup() {
        String base = Fingerprint.of("java.lang.IllegalStateException", null,
                                     chain(null, app("com.shop.Cart", "add", 1)), null).hash();
        assertNotEquals(base, Fingerprint.of("java.lang.IllegalStateException", null,
                                             chain(null, app("com.shop.Cart", "remove", 1)), null).hash());
        assertNotEquals(base, Fingerprint.of("java.lang.IllegalArgumentException", null,
                                             chain(null, app("com.shop.Cart", "add", 1)), null).hash());
    }

    @Test
    void anonymousFunctionsAreKnownByTheirLine() {
        StackFrame stockHandler = new StackFrame("/srv/shop/app.js", null, "/srv/shop/app.js", 41, true);
        StackFrame couponHandler = new StackFrame("/srv/shop/app.js", null, "/srv/shop/app.js", 58, true);
        Fingerprint stock = Fingerprint.of("Error", "stock service down", chain("stock service down", stockHandler),
                                           null);
        assertNotEquals(stock.hash(), Fingerprint.of("Error", "coupon expired", chain("coupon expired",
                                                                                      couponHandler), null).hash());
        assertEquals(stock.hash(), Fingerprint.of("Error", "stock service down again",
                                                  chain("stock service down again", stockHandler), null).hash());
        assertEquals("/srv/shop/app.js:41", stock.culprit());
    }

    @Test
    void compilerGeneratedNumbersDoNotSplitAGroup() {
        assertEquals(Fingerprint.of("E", null, chain(null, app("com.shop.Web$1", "lambda$routes$0", 3)), null).hash(),
                     Fingerprint.of("E", null, chain(null, app("com.shop.Web$2", "lambda$routes$4", 3)), null).hash());
        assertEquals(Fingerprint.of("E", null, chain(null, app("com.shop.Cart$$Lambda/0x000071", "apply", 3)),
                                    null).hash(),
                     Fingerprint.of("E", null, chain(null, app("com.shop.Cart$$Lambda/0x0000aa", "apply", 3)),
                                    null).hash());
    }

    @Test
    void withoutInAppFramesTheInnermostFramesCount() {
        Fingerprint first = Fingerprint.of("TypeError", "x", chain("x", library("vendor.js", "a", 1)), null);
        Fingerprint second = Fingerprint.of("TypeError", "x", chain("x", library("vendor.js", "b", 1)), null);
        assertEquals("stack", first.basis());
        assertNotEquals(first.hash(), second.hash());
    }

    @Test
    void withoutAStackTheTypeAndTheMaskedMessageCount() {
        Fingerprint first = Fingerprint.of("PaymentError", "card declined for order 4711 (id 3f2504e0-4f89-11d3-9a0c-0305e82c3301)",
                                           chain(null), null);
        Fingerprint second = Fingerprint.of("PaymentError", "card declined for order 815 (id 6ba7b810-9dad-11d1-80b4-00c04fd430c8)",
                                            chain(null), null);
        Fingerprint other = Fingerprint.of("PaymentError", "gateway timeout for order 815", chain(null), null);
        assertEquals("message", first.basis());
        assertEquals(first.hash(), second.hash());
        assertNotEquals(first.hash(), other.hash());
    }

    @Test
    void aClientFingerprintOverridesEverything() {
        Fingerprint first = Fingerprint.of("A", "one", chain("one", app("com.a.B", "c", 1)), "checkout-timeouts");
        Fingerprint second = Fingerprint.of("B", "two", chain(null), "checkout-timeouts");
        assertEquals("client", first.basis());
        assertEquals(first.hash(), second.hash());
        assertEquals(32, first.hash().length());
    }

    @Test
    void theRootCausesTypeAndFramesCount() {
        List<ExceptionBlock> dbCause = List.of(
                new ExceptionBlock("com.shop.OrderException", null, List.of(app("com.shop.Orders", "place", 1))),
                new ExceptionBlock("java.sql.SQLException", null, List.of(app("com.shop.Db", "borrow", 1))));
        List<ExceptionBlock> timeoutCause = List.of(
                new ExceptionBlock("com.shop.OrderException", null, List.of(app("com.shop.Orders", "place", 1))),
                new ExceptionBlock("java.net.SocketTimeoutException", null, List.of(app("com.shop.Db", "borrow", 1))));
        assertNotEquals(Fingerprint.of(null, null, dbCause, null).hash(),
                        Fingerprint.of(null, null, timeoutCause, null).hash());
        assertEquals("com.shop.Db in borrow", Fingerprint.of(null, null, dbCause, null).culprit());
    }
}
