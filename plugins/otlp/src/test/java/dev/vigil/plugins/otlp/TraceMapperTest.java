package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.exception;
import static dev.vigil.plugins.otlp.OtlpMessages.failed;
import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class TraceMapperTest {

    private static final long T0 = 1_800_000_000_000_000_000L;
    private final TraceMapper mapper = new TraceMapper(OtlpConfig.DEFAULTS.requestSpanKinds());

    @Test
    void aServerSpanWithTwelveDatabaseCallsIsOneRequestAndTwelveStatementsOfIt() {
        String trace = traceId();
        String root = spanId();
        List<Span> spans = new ArrayList<>();
        spans.add(span(trace, root, null, "GET /orders/{id}", Span.SpanKind.SPAN_KIND_SERVER, T0, 80,
                       "http.request.method", "GET", "http.route", "/orders/{id}", "url.path", "/orders/7",
                       "http.response.status_code", 200, "enduser.id", "alice").build());
        for (int i = 0; i < 12; i++) {
            spans.add(span(trace, spanId(), root, "SELECT shop.items", Span.SpanKind.SPAN_KIND_CLIENT,
                           T0 + i * 5_000_000L, 2.5, "db.system.name", "postgresql", "db.query.text",
                           "SELECT id, sku FROM items WHERE order_id = $1", "db.response.returned_rows", 3).build());
        }
        MappedTrace mapped = map(trace, spans);

        assertEquals(1, mapped.requests().size());
        RequestEvent request = mapped.requests().getFirst();
        assertEquals("shop", request.service());
        assertEquals("GET", request.method());
        assertEquals("/orders/{id}", request.endpoint());
        assertEquals("/orders/7", request.path());
        assertEquals(200, request.status());
        assertEquals(80, request.durationMs(), 1e-9);
        assertEquals("alice", request.user());
        assertEquals(root, request.requestId());
        assertEquals(trace, request.traceId());
        assertEquals(12, request.queryCount());
        assertEquals(30, request.queryTimeMs(), 1e-9);
        assertEquals(Instant.ofEpochSecond(1_800_000_000L), request.timestamp());

        assertEquals(12, mapped.queries().size());
        for (QueryEvent statement : mapped.queries()) {
            assertEquals(root, statement.requestId(), "tied to its request: the local root");
            assertEquals(trace, statement.traceId());
            assertEquals("/orders/{id}", statement.endpoint());
            assertEquals("postgresql", statement.database());
            assertEquals("SELECT id, sku FROM items WHERE order_id = $1", statement.sql());
            assertEquals(3L, statement.rows());
        }
        assertTrue(mapped.errors().isEmpty());
        assertFalse(mapped.failed());
        assertEquals(80, mapped.slowestMs(), 1e-9);
    }

    @Test
    void olderAttributeNamesAgentsStillEmitMeanTheSame() {
        String trace = traceId();
        String root = spanId();
        MappedTrace mapped = map(trace, List.of(
                span(trace, root, null, "HTTP POST", Span.SpanKind.SPAN_KIND_SERVER, T0, 12, "http.method", "post",
                     "http.target", "/carts/8812/items?coupon=x", "http.status_code", "503").build(),
                span(trace, spanId(), root, "INSERT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1, "db.system", "mysql",
                     "db.statement", "INSERT INTO cart_items VALUES (?, ?)").build()));
        RequestEvent request = mapped.requests().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/carts/{id}/items", request.endpoint(), "no route and a bare span name: the path, ids masked");
        assertEquals("/carts/8812/items", request.path(), "the query is not part of the path");
        assertEquals(503, request.status());
        assertEquals("mysql", mapped.queries().getFirst().database());
        assertEquals("INSERT INTO cart_items VALUES (?, ?)", mapped.queries().getFirst().sql());
    }

    @Test
    void aServiceCalledByAnotherIsItsOwnRequestAndItsQueriesAreNotTheCallers() {
        String trace = traceId();
        String frontend = spanId();
        String call = spanId();
        String backend = spanId();
        MappedTrace mapped = mapper.map(trace, List.of(
                record(span(trace, frontend, null, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, T0, 100,
                            "http.request.method", "GET", "http.route", "/checkout"), "web"),
                record(span(trace, call, frontend, "GET", Span.SpanKind.SPAN_KIND_CLIENT, T0, 90,
                            "http.request.method", "GET"), "web"),
                record(span(trace, backend, call, "GET /prices", Span.SpanKind.SPAN_KIND_SERVER, T0, 80,
                            "http.request.method", "GET", "http.route", "/prices"), "pricing"),
                record(span(trace, spanId(), backend, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 5,
                            "db.system", "postgresql", "db.statement", "SELECT * FROM prices"), "pricing")),
                List.of());
        assertEquals(2, mapped.requests().size());
        RequestEvent web = mapped.requests().stream().filter(r -> r.service().equals("web")).findFirst().orElseThrow();
        RequestEvent pricing = mapped.requests().stream().filter(r -> r.service().equals("pricing")).findFirst()
                .orElseThrow();
        assertNull(web.queryCount(), "the downstream service's statements are not the caller's");
        assertEquals(1, pricing.queryCount());
        assertEquals(backend, mapped.queries().getFirst().requestId());
        assertEquals("/prices", mapped.queries().getFirst().endpoint());
    }

    @Test
    void anExceptionEventIsAnErrorOfItsRequestWithItsStack() {
        String trace = traceId();
        String root = spanId();
        String child = spanId();
        String stack = "java.lang.IllegalStateException: stock is negative\n\tat com.shop.Stock.take(Stock.java:42)\n";
        MappedTrace mapped = map(trace, List.of(
                failed(span(trace, root, null, "POST /orders", Span.SpanKind.SPAN_KIND_SERVER, T0, 40,
                            "http.request.method", "POST", "http.route", "/orders", "http.response.status_code", 500,
                            "user.id", "bob", "client.address", "203.0.113.7"), "").build(),
                failed(span(trace, child, root, "Stock.take", Span.SpanKind.SPAN_KIND_INTERNAL, T0, 3), "boom")
                        .addEvents(exception(T0 + 2_000_000, "java.lang.IllegalStateException", "stock is negative",
                                             stack)).build()));
        assertTrue(mapped.failed());
        assertEquals(1, mapped.errors().size(), "the failed parent adds no second error: the exception explains it");
        ErrorEvent error = mapped.errors().getFirst();
        assertEquals("java.lang.IllegalStateException", error.exceptionType());
        assertEquals("stock is negative", error.message());
        assertEquals(stack, error.rawStack());
        assertEquals("/orders", error.endpoint());
        assertEquals(root, error.requestId());
        assertEquals(trace, error.traceId());
        assertEquals("bob", error.user());
        assertEquals("203.0.113.7", error.clientIp());
        assertEquals("1.4.2", error.release());
        assertEquals("prod", error.environment());
        assertEquals(child, error.context().get("span_id"));
    }

    @Test
    void aFailedSpanWithoutAnExceptionIsOneErrorForTheInnermostFailure() {
        String trace = traceId();
        String root = spanId();
        String db = spanId();
        MappedTrace mapped = map(trace, List.of(
                failed(span(trace, root, null, "GET /report", Span.SpanKind.SPAN_KIND_SERVER, T0, 40,
                            "http.request.method", "GET", "http.route", "/report", "http.response.status_code", 500),
                       "").build(),
                failed(span(trace, db, root, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 30, "db.system",
                            "postgresql", "db.statement", "SELECT slow()", "error.type", "57014"),
                       "canceling statement due to statement timeout").build()));
        assertEquals(1, mapped.errors().size());
        ErrorEvent error = mapped.errors().getFirst();
        assertEquals("57014", error.exceptionType());
        assertEquals("canceling statement due to statement timeout", error.message());
        assertEquals("/report", error.endpoint());
    }

    @Test
    void aFailedRequestWithoutRouteOrExceptionIsNamedAfterItsEndpoint() {
        String trace = traceId();
        MappedTrace alpha = map(trace, List.of(failed(span(trace, spanId(), null, "GET",
                Span.SpanKind.SPAN_KIND_SERVER, T0, 4, "http.request.method", "GET", "url.path", "/alpha/17",
                "http.response.status_code", 502), "").build()));
        ErrorEvent error = alpha.errors().getFirst();
        assertEquals("HTTP 502", error.exceptionType());
        assertEquals("GET /alpha/{id} answered 502", error.message());
    }

    @Test
    void connectionSpansWithoutAStatementAreNotStatements() {
        String trace = traceId();
        String root = spanId();
        MappedTrace mapped = map(trace, List.of(
                span(trace, root, null, "GET /a", Span.SpanKind.SPAN_KIND_SERVER, T0, 5, "http.request.method",
                     "GET", "http.route", "/a").build(),
                span(trace, spanId(), root, "pg-pool.connect", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1,
                     "db.system.name", "postgresql").build(),
                span(trace, spanId(), root, "GET", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1, "db.system.name", "redis",
                     "db.operation.name", "GET").build()));
        assertEquals(List.of("GET"), mapped.queries().stream().map(QueryEvent::sql).toList(),
                     "a redis command is a statement; a pool's connect is not");
        assertEquals(1, mapped.requests().getFirst().queryCount());
    }

    @Test
    void partsRefusedWhenTheSpanWasAcceptedAreLeftOut() {
        String trace = traceId();
        String root = spanId();
        List<SpanRecord> spans = List.of(
                withRefused(record(span(trace, root, null, "GET /a", Span.SpanKind.SPAN_KIND_SERVER, T0, 5,
                                        "http.request.method", "GET"), "shop"), Parts.QUERIES),
                withRefused(record(span(trace, spanId(), root, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1,
                                        "db.system", "sqlite", "db.statement", "SELECT 1"), "shop"), Parts.QUERIES));
        MappedTrace mapped = mapper.map(trace, spans, List.of());
        assertEquals(1, mapped.requests().size());
        assertEquals(1, mapped.requests().getFirst().queryCount(), "the count is still what the trace shows");
        assertTrue(mapped.queries().isEmpty());
    }

    @Test
    void aLateDatabaseSpanJoinsTheRequestAssembledBefore() {
        String trace = traceId();
        String root = spanId();
        MappedTrace first = map(trace, List.of(span(trace, root, null, "GET /a", Span.SpanKind.SPAN_KIND_SERVER, T0,
                                                    5, "http.request.method", "GET", "http.route", "/a").build()));
        MappedTrace late = mapper.map(trace, List.of(record(span(
                trace, spanId(), root, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1, "db.system", "sqlite",
                "db.statement", "SELECT 1"), "shop")), first.outlines());
        assertTrue(late.requests().isEmpty(), "the request was handed over already");
        assertEquals(root, late.queries().getFirst().requestId());
        assertEquals("/a", late.queries().getFirst().endpoint());
        assertEquals(2, late.outlines().size());
    }

    private MappedTrace map(String trace, List<Span> spans) {
        return mapper.map(trace, spans.stream().map(span -> record(span.toBuilder(), "shop")).toList(), List.of());
    }

    static SpanRecord record(Span.Builder span, String service) {
        AttributeReader reader = new AttributeReader(OtlpConfig.DEFAULTS);
        SpanReader.Batch batch = new SpanReader(reader, OtlpConfig.DEFAULTS).read(
                OtlpMessages.export(service, List.of(span.build())), TraceMapper.instant(span.getStartTimeUnixNano()),
                0, 1);
        assertEquals(0, batch.rejected(), batch.reasons().toString());
        return batch.spans().getFirst();
    }

    private static SpanRecord withRefused(SpanRecord span, int refused) {
        return new SpanRecord(span.traceId(), span.spanId(), span.parentSpanId(), span.parentIsRemote(),
                              span.service(), span.name(), span.kind(), span.startNanos(), span.endNanos(),
                              span.error(), span.statusMessage(), span.attributes(), span.events(), refused,
                              span.inboxId());
    }
}
