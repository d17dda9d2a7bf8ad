package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class HttpShapeTest {

    private static final long T0 = 1_800_000_000_000_000_000L;

    @Test
    void theRouteWinsThenTheSpanNameThenThePathWithIdsMasked() {
        assertEquals("/users/:id", HttpShape.endpoint(server("GET /users/:id", "http.request.method", "GET",
                                                             "http.route", "/users/:id", "url.path", "/users/4")));
        assertEquals("/users/{userId}", HttpShape.endpoint(server("GET /users/{userId}", "http.request.method", "GET",
                                                                  "url.path", "/users/4")));
        assertEquals("/users/{id}/orders/{id}", HttpShape.endpoint(server("GET", "http.request.method", "GET",
                "url.path", "/users/42/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301")));
        assertEquals("/files/{id}", HttpShape.endpoint(server("HTTP GET", "http.method", "GET",
                                                              "http.target", "/files/9f86d081884c7d65?x=1")));
        assertEquals("/static/app.js", HttpShape.endpoint(server("GET", "http.request.method", "GET",
                                                                 "url.path", "/static/app.js")));
        assertEquals("/search/{id}", HttpShape.endpoint(server("GET /search/42", "http.request.method", "GET",
                                                               "url.path", "/search/42")),
                     "a span named after the raw path would make an endpoint per id");
        assertEquals("orders process", HttpShape.endpoint(record(span(traceId(), spanId(), null, "orders process",
                Span.SpanKind.SPAN_KIND_CONSUMER, T0, 1, "messaging.system", "kafka"))));
    }

    @Test
    void methodAndStatusFollowTheConventionsAndFallBackForOtherProtocols() {
        assertEquals("PATCH", HttpShape.method(server("x", "http.request.method", "patch")));
        assertEquals("OTHER", HttpShape.method(server("x", "http.request.method", "_OTHER")));
        assertEquals("RPC", HttpShape.method(server("x", "rpc.system", "grpc")));
        assertEquals("CONSUME", HttpShape.method(record(span(traceId(), spanId(), null, "q", Span.SpanKind
                .SPAN_KIND_CONSUMER, T0, 1))));
        assertEquals(404, HttpShape.status(server("x", "http.response.status_code", 404)));
        assertEquals(200, HttpShape.status(server("x")));
        assertEquals(500, HttpShape.status(TraceMapperTest.record(OtlpMessages.failed(span(
                traceId(), spanId(), null, "x", Span.SpanKind.SPAN_KIND_SERVER, T0, 1), "down"), "shop")));
    }

    @Test
    void idsOfEveryUsualShapeAreMasked() {
        assertEquals("/a/{id}/b/{id}/c/{id}/d", HttpShape.maskIds("/a/123/b/deadbeef42/c/AbCdEf0123456789xyz_ABCD/d"));
        assertEquals("/v2/api/users", HttpShape.maskIds("/v2/api/users"), "words with a digit stay");
    }

    private static SpanRecord server(String name, Object... attributes) {
        return record(span(traceId(), spanId(), null, name, Span.SpanKind.SPAN_KIND_SERVER, T0, 1, attributes));
    }

    private static SpanRecord record(Span.Builder span) {
        return TraceMapperTest.record(span, "shop");
    }
}
