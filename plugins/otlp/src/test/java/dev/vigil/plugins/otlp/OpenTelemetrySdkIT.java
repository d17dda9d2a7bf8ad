package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OpenTelemetry Java SDK (1.68, http/protobuf, the batch processors an application uses) exporting to a
 * running Vigil: what an instrumented application sends becomes request metrics, query analysis, error groups and
 * signals, with no code of ours in the application.
 */
class OpenTelemetrySdkIT {

    private static final Resource SHOP = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "shop", AttributeKey.stringKey("service.version"), "2.3.0")));

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aServerSpanWithTwelveDatabaseCallsIsTheEndpointsRequestAnNPlusOneAndAKeptTrace(TestDatabase database)
            throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = Owners.server(database, Owners.OTLP_CONFIG).start()) {
            SdkTracerProvider tracing = tracing(server);
            Tracer tracer = tracing.get("shop.orders");
            long start = System.currentTimeMillis();
            Span request = tracer.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(start, TimeUnit.MILLISECONDS)
                    .setAttribute("http.request.method", "GET").setAttribute("http.route", "/orders/{id}")
                    .setAttribute("url.path", "/orders/7").setAttribute("enduser.id", "alice").startSpan();
            Context inRequest = Context.current().with(request);
            for (int i = 0; i < 12; i++) {
                tracer.spanBuilder("SELECT shop.items").setParent(inRequest).setSpanKind(SpanKind.CLIENT)
                        .setStartTimestamp(start + 5 + i * 10, TimeUnit.MILLISECONDS)
                        .setAttribute("db.system.name", "postgresql")
                        .setAttribute("db.query.text", "SELECT id, sku, qty FROM items WHERE order_id = ?")
                        .startSpan().end(start + 12 + i * 10, TimeUnit.MILLISECONDS);
            }
            // The database calls end first and leave in their own export, as a batch processor sends them.
            assertTrue(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
            request.setAttribute("http.response.status_code", 200L);
            request.end(start + 150, TimeUnit.MILLISECONDS);
            assertTrue(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
            String traceId = request.getSpanContext().getTraceId();

            JsonNode endpoint = Owners.await(server, "/api/v1/requests/endpoints?service=shop",
                                             body -> Owners.first(body.get("endpoints"), "endpoint", "/orders/{id}"));
            assertEquals(1, endpoint.get("count").asInt());
            assertEquals("GET", endpoint.get("method").asText());
            assertEquals(150, endpoint.get("max_ms").asDouble(), 2);

            JsonNode finding = Owners.await(server, "/api/v1/queries/n-plus-one?service=shop",
                                            body -> Owners.first(body.get("findings"), "kind", "N_PLUS_ONE"));
            assertEquals("/orders/{id}", finding.get("endpoint").asText());
            assertEquals(12, finding.get("repeats").asInt());
            assertEquals("select id, sku, qty from items where order_id = ?", finding.get("fingerprint_text").asText());
            assertEquals(request.getSpanContext().getSpanId(), finding.get("last_request").asText());

            JsonNode slow = Owners.await(server, "/api/v1/requests/slow?service=shop",
                                         body -> Owners.first(body.get("requests"), "trace_id", traceId));
            assertEquals(12, slow.get("query_count").asInt());
            assertEquals("alice", slow.get("user").asText());
            assertEquals("/api/v1/otlp/traces/" + traceId, Owners.await(
                    server, "/api/v1/requests/slow?service=shop",
                    body -> Owners.first(body.get("requests"), "trace_id", traceId).get("trace")).asText(),
                         "the slow request links to its kept trace");

            HttpResult trace = server.get("/api/v1/otlp/traces/" + traceId, server.viewerToken());
            assertEquals(200, trace.status(), trace.body());
            JsonNode kept = trace.json();
            assertEquals("slow", kept.get("kept_because").asText(), "150 ms is over the requests plugin's 100");
            assertEquals(13, kept.get("span_count").asInt());
            JsonNode root = kept.get("spans").get(0);
            assertEquals("GET /orders/{id}", root.get("name").asText());
            assertEquals(12, root.get("children").size(), "the tree holds every database call under its request");
            JsonNode call = root.get("children").get(3);
            assertEquals(35, call.get("offset_ms").asDouble(), 0.01);
            assertEquals(7, call.get("duration_ms").asDouble(), 0.01);
            assertEquals(finding.get("fingerprint").asText(), call.at("/database/fingerprint").asText());
            JsonNode linked = server.get("/api/v1/queries/n-plus-one?service=shop", server.viewerToken()).json();
            JsonNode nPlusOne = Owners.first(linked.get("findings"), "kind", "N_PLUS_ONE");
            assertEquals(traceId, nPlusOne.get("last_trace_id").asText(), "the finding names its last request's trace");
            assertEquals("/api/v1/otlp/traces/" + traceId, nPlusOne.get("trace").asText(),
                         "the N+1 finding links to the kept trace that shows it");
            JsonNode listed = server.get("/api/v1/otlp/traces?service=shop&min_ms=100", server.viewerToken()).json();
            assertEquals(traceId, listed.at("/traces/0/trace_id").asText());
            tracing.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRecordedExceptionBecomesAnErrorGroupWithItsStackAndTrace(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = Owners.server(database, Owners.OTLP_CONFIG).start()) {
            SdkTracerProvider tracing = tracing(server);
            Tracer tracer = tracing.get("shop.orders");
            Span request = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "POST").setAttribute("http.route", "/orders").startSpan();
            IllegalStateException failure = new IllegalStateException("stock of sku-9 is negative");
            Span work = tracer.spanBuilder("Stock.take").setParent(Context.current().with(request)).startSpan();
            work.recordException(failure);
            work.setStatus(StatusCode.ERROR);
            work.end();
            request.setAttribute("http.response.status_code", 500L);
            request.setStatus(StatusCode.ERROR);
            request.end();
            assertTrue(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
            String traceId = request.getSpanContext().getTraceId();

            JsonNode group = Owners.await(server, "/api/v1/errors/groups?service=shop",
                                          body -> Owners.first(body.get("groups"), "exception_type",
                                                               "java.lang.IllegalStateException"));
            assertEquals("stock of sku-9 is negative", group.get("message").asText());
            assertEquals(1, group.get("count").asInt(), "the failed request adds no second error: the exception "
                    + "explains it");
            JsonNode detail = server.get("/api/v1/errors/groups/" + group.get("id").asLong(), server.viewerToken())
                    .json();
            JsonNode occurrence = detail.get("occurrences").get(0);
            assertEquals("/orders", occurrence.get("endpoint").asText());
            assertEquals(traceId, occurrence.get("trace_id").asText());
            assertEquals("/api/v1/otlp/traces/" + traceId, occurrence.get("trace").asText(),
                         "failed traces are kept, and the occurrence links to it");
            assertEquals("2.3.0", occurrence.get("release").asText());
            JsonNode frames = occurrence.at("/exceptions/0/frames");
            assertTrue(frames.size() > 3, occurrence.toString());
            assertTrue(occurrence.get("stack").asText().contains("OpenTelemetrySdkIT"), "the stack the SDK recorded");
            assertEquals(1, Owners.await(server, "/api/v1/requests/endpoints?service=shop",
                                         body -> Owners.first(body.get("endpoints"), "endpoint", "/orders"))
                    .get("server_errors").asInt());
            tracing.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aGaugeAndAHistogramBecomeSignalsOnWhichAnAlertRuleFires(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = Owners.server(database, Owners.OTLP_CONFIG).start()) {
            HttpResult rule = server.put("/api/v1/alerts/rules/cache-misses", """
                    {"signal": "otel.cache.hit_ratio", "labels": {"service": "shop", "cache": "products"},
                     "comparison": "less", "warning": 0.5, "consecutive": 1}
                    """, server.adminToken());
            assertEquals(201, rule.status(), rule.body());
            SdkMeterProvider metering = SdkMeterProvider.builder().setResource(SHOP)
                    .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                            .setEndpoint(server.uri("/v1/metrics").toString())
                            .addHeader("Authorization", "Bearer " + server.ingestToken()).build()).build())
                    .build();
            Meter meter = metering.get("shop.cache");
            meter.gaugeBuilder("cache.hit_ratio").buildWithCallback(gauge -> gauge.record(
                    0.42, Attributes.of(AttributeKey.stringKey("cache"), "products")));
            DoubleHistogram checkout = meter.histogramBuilder("checkout.duration").setUnit("ms").build();
            for (int i = 1; i <= 100; i++) {
                checkout.record(i * 10.0);
            }
            assertTrue(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());

            JsonNode gauge = Owners.await(server, "/api/v1/admin/signals?name=otel.cache.hit_ratio&minutes=10",
                                          body -> body.at("/series/0"));
            assertEquals("shop", gauge.at("/labels/service").asText());
            assertEquals("products", gauge.at("/labels/cache").asText());
            assertEquals(0.42, gauge.at("/points/0/value").asDouble(), 1e-9);
            JsonNode p95 = Owners.await(server, "/api/v1/admin/signals?name=otel.checkout.duration.p95&minutes=10",
                                        body -> body.at("/series/0/points/0/value"));
            assertEquals(950, p95.asDouble(), 50, "the SDK's default buckets put 950 ms between 750 and 1000");
            assertEquals(100, server.get("/api/v1/admin/signals?name=otel.checkout.duration.count&minutes=10",
                                         server.viewerToken()).json().at("/series/0/points/0/value").asDouble());

            assertEquals(200, server.post("/api/v1/alerts/evaluate", "{}", server.adminToken()).status());
            JsonNode alerts = server.get("/api/v1/alerts?active_only=true", server.viewerToken()).json().get("alerts");
            JsonNode fired = Owners.first(alerts, "rule", "cache-misses");
            assertNotNull(fired, alerts.toString());
            assertEquals("warning", fired.get("severity").asText());
            metering.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anErrorLogRecordBecomesAnErrorAndInfoRecordsAreNotKept(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        try (TestServer server = Owners.server(database, Owners.OTLP_CONFIG).start()) {
            SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(SHOP)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                            .setEndpoint(server.uri("/v1/logs").toString())
                            .addHeader("Authorization", "Bearer " + server.ingestToken()).build()).build())
                    .build();
            Logger logger = logging.get("com.shop.Billing");
            logger.logRecordBuilder().setSeverity(Severity.INFO).setBody("invoice 77 sent").emit();
            logger.logRecordBuilder().setSeverity(Severity.ERROR).setBody("payment declined for invoice 78")
                    .setTimestamp(Instant.now())
                    .setAttribute(AttributeKey.stringKey("exception.type"), "com.shop.PaymentDeclined").emit();
            assertTrue(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());

            JsonNode group = Owners.await(server, "/api/v1/errors/groups?service=shop",
                                          body -> Owners.first(body.get("groups"), "exception_type",
                                                               "com.shop.PaymentDeclined"));
            assertTrue(group.get("message").asText().startsWith("payment declined for invoice"), group.toString());
            assertEquals(1, server.get("/api/v1/errors/groups?service=shop", server.viewerToken()).json()
                    .get("groups").size(), "the INFO record is not an error");
            JsonNode status = server.get("/api/v1/otlp/status", server.viewerToken()).json();
            assertEquals(1, status.at("/counters/log_records_below_error").asInt(), status.toString());
            logging.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static SdkTracerProvider tracing(TestServer server) {
        return SdkTracerProvider.builder().setResource(SHOP)
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(server.uri("/v1/traces").toString())
                        .addHeader("Authorization", "Bearer " + server.ingestToken()).build()).build())
                .build();
    }
}
