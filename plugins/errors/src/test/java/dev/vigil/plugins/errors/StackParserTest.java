package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.vigil.api.events.StackFrame;

import org.junit.jupiter.api.Test;

/** Raw stacks as Java, Python and the browsers print them, read into exception chains. */
class StackParserTest {

    private final StackParser parser = new StackParser(InAppRules.defaults());

    @Test
    void javaTraceWithCauseAndOmittedFrames() {
        String trace = """
                java.lang.IllegalStateException: could not place order 4711
                \tat com.shop.orders.OrderService.place(OrderService.java:42)
                \tat com.shop.web.OrderController.post(OrderController.java:17)
                \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
                \tat app//com.shop.Main.main(Main.java:9)
                Caused by: java.sql.SQLException: connection refused
                \tat org.postgresql.Driver.connect(Driver.java:300)
                \tat com.shop.db.Pool.borrow(Pool.java:88)
                \t... 3 more
                """;
        ParsedStack parsed = parser.parse(trace);

        assertEquals("java", parsed.language());
        assertEquals(2, parsed.exceptions().size());
        ExceptionBlock outer = parsed.exceptions().get(0);
        assertEquals("java.lang.IllegalStateException", outer.type());
        assertEquals("could not place order 4711", outer.message());
        assertEquals(4, outer.frames().size());
        assertFrame(outer.frames().get(0), "com.shop.orders.OrderService", "place", "OrderService.java", 42, true);
        assertFrame(outer.frames().get(2), "jdk.internal.reflect.DirectMethodHandleAccessor", "invoke",
                    "DirectMethodHandleAccessor.java", 103, false);
        assertFrame(outer.frames().get(3), "com.shop.Main", "main", "Main.java", 9, true);

        ExceptionBlock cause = parsed.exceptions().get(1);
        assertEquals("java.sql.SQLException", cause.type());
        assertEquals("connection refused", cause.message());
        // Two frames of its own, then "... 3 more": the last three of the enclosing trace.
        assertEquals(5, cause.frames().size());
        assertFrame(cause.frames().get(0), "org.postgresql.Driver", "connect", "Driver.java", 300, false);
        assertFrame(cause.frames().get(1), "com.shop.db.Pool", "borrow", "Pool.java", 88, true);
        assertEquals("com.shop.web.OrderController", cause.frames().get(2).module());
        assertEquals("com.shop.Main", cause.frames().get(4).module());
    }

    @Test
    void javaTraceAfterALogLineWithMultiLineMessageNativeFramesAndSuppressed() {
        String trace = """
                2026-11-23 10:15:30 ERROR [main] c.s.Worker - job failed
                com.shop.JobException: first line
                second line
                \tat com.shop.Worker.run(Worker.java:10)
                \tat java.lang.Thread.run0(Native Method)
                \tSuppressed: java.io.IOException: close failed
                \t\tat com.shop.Resource.close(Resource.java:5)
                \t\t... 1 more
                \tCaused by: java.io.EOFException: eof
                \t\tat com.shop.Resource.flush(Resource.java:7)
                Caused by: java.lang.ArithmeticException
                \tat com.shop.Math.divide(Math.kt:3)
                \t... 2 more
                """;
        ParsedStack parsed = parser.parse(trace);

        assertEquals(2, parsed.exceptions().size(), "the suppressed exception and its cause are skipped");
        ExceptionBlock outer = parsed.exceptions().get(0);
        assertEquals("com.shop.JobException", outer.type());
        assertEquals("first line\nsecond line", outer.message());
        assertEquals(2, outer.frames().size());
        assertFrame(outer.frames().get(1), "java.lang.Thread", "run0", null, null, false);
        ExceptionBlock cause = parsed.exceptions().get(1);
        assertEquals("java.lang.ArithmeticException", cause.type());
        assertNull(cause.message());
        assertFrame(cause.frames().get(0), "com.shop.Math", "divide", "Math.kt", 3, true);
        assertEquals(3, cause.frames().size());
    }

    @Test
    void pythonTracebackWithChainedExceptions() {
        String traceback = """
                Traceback (most recent call last):
                  File "/srv/shop/app/db.py", line 12, in fetch_user
                    row = cursor.fetchone()
                  File "/usr/lib/python3.12/site-packages/psycopg/cursor.py", line 80, in fetchone
                    raise OperationalError("gone")
                psycopg.OperationalError: gone

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/srv/shop/app/views.py", line 42, in get_user
                    user = fetch_user(user_id)
                           ^^^^^^^^^^^^^^^^^^^
                  File "/srv/shop/app/db.py", line 14, in fetch_user
                    raise LookupError(f"user {user_id} unavailable")
                  File "/usr/lib/python3.12/json/decoder.py", line 3, in decode
                LookupError: user 42 unavailable
                """;
        ParsedStack parsed = parser.parse(traceback);

        assertEquals("python", parsed.language());
        assertEquals(2, parsed.exceptions().size());
        ExceptionBlock raised = parsed.exceptions().get(0);
        assertEquals("LookupError", raised.type());
        assertEquals("user 42 unavailable", raised.message());
        // Most recent call last in the text: innermost first here.
        assertEquals(List.of("decode", "fetch_user", "get_user"),
                     raised.frames().stream().map(StackFrame::function).toList());
        assertFrame(raised.frames().get(0), "json.decoder", "decode", "/usr/lib/python3.12/json/decoder.py", 3, false);
        assertFrame(raised.frames().get(1), "app.db", "fetch_user", "/srv/shop/app/db.py", 14, true);
        assertFrame(raised.frames().get(2), "app.views", "get_user", "/srv/shop/app/views.py", 42, true);
        ExceptionBlock cause = parsed.exceptions().get(1);
        assertEquals("psycopg.OperationalError", cause.type());
        assertFrame(cause.frames().get(0), "psycopg.cursor", "fetchone",
                    "/usr/lib/python3.12/site-packages/psycopg/cursor.py", 80, false);
    }

    @Test
    void pythonExceptionWithoutMessage() {
        ParsedStack parsed = parser.parse("""
                Traceback (most recent call last):
                  File "worker.py", line 3, in <module>
                KeyboardInterrupt
                """);
        ExceptionBlock block = parsed.exceptions().getFirst();
        assertEquals("KeyboardInterrupt", block.type());
        assertNull(block.message());
        assertFrame(block.frames().getFirst(), "worker", "<module>", "worker.py", 3, true);
    }

    @Test
    void javaScriptV8Stack() {
        String stack = """
                TypeError: Cannot read properties of undefined (reading 'name')
                    at renderUser (https://shop.example.com/static/app.3f2a1b9c.js:10:15)
                    at Array.map (<anonymous>)
                    at new Cart (https://shop.example.com/static/app.3f2a1b9c.js?v=2:20:3)
                    at async Promise.all (index 0)
                    at https://shop.example.com/static/app.3f2a1b9c.js:30:7
                    at Object.<anonymous> (/srv/api/node_modules/express/lib/router.js:5:9)
                """;
        ParsedStack parsed = parser.parse(stack);

        assertEquals("javascript", parsed.language());
        ExceptionBlock block = parsed.exceptions().getFirst();
        assertEquals("TypeError", block.type());
        assertEquals("Cannot read properties of undefined (reading 'name')", block.message());
        assertEquals(6, block.frames().size());
        assertFrame(block.frames().get(0), "/static/app.js", "renderUser",
                    "https://shop.example.com/static/app.3f2a1b9c.js", 10, true);
        assertFrame(block.frames().get(1), "<anonymous>", "Array.map", "<anonymous>", null, false);
        assertFrame(block.frames().get(2), "/static/app.js", "Cart",
                    "https://shop.example.com/static/app.3f2a1b9c.js?v=2", 20, true);
        assertFrame(block.frames().get(4), "/static/app.js", null, "https://shop.example.com/static/app.3f2a1b9c.js",
                    30, true);
        assertFalse(block.frames().get(5).inApp(), "node_modules is library code");
    }

    @Test
    void javaScriptFirefoxStack() {
        String stack = """
                renderUser@https://shop.example.com/static/app.js:10:15
                Cart/<@https://shop.example.com/static/app.js:20:3
                @https://shop.example.com/static/app.js:30:7
                """;
        ExceptionBlock block = parser.parse(stack).exceptions().getFirst();
        assertNull(block.type(), "Firefox prints no type line; the record's exception_type gives it");
        assertEquals(List.of("renderUser", "Cart"), block.frames().stream().limit(2).map(StackFrame::function).toList());
        assertNull(block.frames().get(2).function());
        assertFrame(block.frames().get(1), "/static/app.js", "Cart", "https://shop.example.com/static/app.js", 20, true);
    }

    @Test
    void javaScriptSafariStack() {
        String stack = """
                renderUser@https://shop.example.com/static/app.js:10:15
                map@[native code]
                global code@https://shop.example.com/static/app.js:30:7
                [native code]
                """;
        ExceptionBlock block = parser.parse(stack).exceptions().getFirst();
        assertEquals(4, block.frames().size());
        assertFrame(block.frames().get(0), "/static/app.js", "renderUser", "https://shop.example.com/static/app.js", 10,
                    true);
        assertFalse(block.frames().get(1).inApp());
        assertEquals("global code", block.frames().get(2).function());
        assertFalse(block.frames().get(3).inApp());
    }

    @Test
    void textWithoutFramesIsNoStack() {
        assertTrue(parser.parse("something went wrong, see the log").exceptions().isEmpty());
        assertTrue(parser.parse("").exceptions().isEmpty());
        assertTrue(parser.parse(null).exceptions().isEmpty());
    }

    @Test
    void configuredPrefixesDecideWhatIsInApp() {
        StackParser configured = new StackParser(new InAppRules(List.of("org.apache.shopext."), List.of("com.vendor.")));
        ParsedStack parsed = configured.parse("""
                java.lang.RuntimeException: x
                \tat com.vendor.Lib.call(Lib.java:1)
                \tat org.apache.shopext.Plugin.run(Plugin.java:2)
                \tat com.shop.Main.main(Main.java:3)
                """);
        List<StackFrame> frames = parsed.exceptions().getFirst().frames();
        assertFalse(frames.get(0).inApp());
        assertTrue(frames.get(1).inApp());
        assertTrue(frames.get(2).inApp());
    }

    private static void assertFrame(StackFrame frame, String module, String function, String file, Integer line,
                                    boolean inApp) {
        assertEquals(module, frame.module(), "module of " + frame);
        assertEquals(function, frame.function(), "function of " + frame);
        assertEquals(file, frame.file(), "file of " + frame);
        assertEquals(line, frame.line(), "line of " + frame);
        assertEquals(inApp, frame.inApp(), "in_app of " + frame);
    }
}
