package dev.vigil.plugins.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an application instrumented with OpenTelemetry sends, as OTLP/JSON exports to {@code /v1/traces} and
 * {@code /v1/metrics}: one failed, slow request of the shop with an N+1 run of database calls, a slow statement and
 * a recorded exception (so the otlp plugin keeps its trace), and a gauge that becomes an {@code otel.*} signal.
 */
final class OtlpSeeder {

    /** The application metric the trends page charts: the signal {@code otel.shop.queue.depth}. */
    static final String GAUGE = "shop.queue.depth";
    static final int N_PLUS_ONE_CALLS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestServer server;
    private final Random random = new Random(20);
    private final String traceId;

    OtlpSeeder(TestServer server) {
        this.server = server;
        this.traceId = hex(16);
    }

    /** Sends the trace and the gauge, then waits until the trace is kept and the N+1 finding links to it. */
    void seed(Runnable analyseQueries) {
        Instant start = Instant.now().minusSeconds(20);
        expect(server.post("/v1/traces", traces(start).toString(), server.ingestToken()), "OTLP traces");
        expect(server.post("/v1/metrics", metrics(Instant.now()).toString(), server.ingestToken()), "OTLP metrics");
        TestServer.await(Duration.ofSeconds(30), "the OTLP trace to be kept", () -> server
                .get("/api/v1/otlp/traces/" + traceId, server.viewerToken()).status() == 200);
        TestServer.await(Duration.ofSeconds(30), "the N+1 finding of the OTLP request to link to its trace", () -> {
            analyseQueries.run();
            JsonNode findings = server.get("/api/v1/queries/n-plus-one?service=shop", server.viewerToken()).json()
                    .path("findings");
            for (JsonNode finding : findings) {
                if (traceId.equals(finding.path("last_trace_id").asText()) && finding.hasNonNull("trace")) {
                    return true;
                }
            }
            return false;
        });
    }

    private ObjectNode traces(Instant start) {
        ObjectNode export = JSON.createObjectNode();
        ObjectNode resourceSpans = export.putArray("resourceSpans").addObject();
        service(resourceSpans.putObject("resource"));
        ArrayNode spans = resourceSpans.putArray("scopeSpans").addObject().putArray("spans");
        String root = hex(8);
        ObjectNode request = span(spans, root, null, "GET /api/orders/{id}", 2, start, 5200);
        attribute(request, "http.request.method", "GET");
        attribute(request, "http.route", "/api/orders/{id}");
        attribute(request, "url.path", "/api/orders/77");
        attribute(request, "enduser.id", "alice");
        ObjectNode status = request.putObject("status");
        status.put("code", 2);
        status.put("message", "payment failed");
        ObjectNode code = request.withArray("attributes").addObject();
        code.put("key", "http.response.status_code");
        code.putObject("value").put("intValue", "500");
        // The N+1: one statement shape run once per order item, each with its own value.
        for (int i = 0; i < N_PLUS_ONE_CALLS; i++) {
            ObjectNode call = span(spans, hex(8), root, "SELECT shop.order_items", 3, start.plusMillis(40 + 30L * i), 14);
            attribute(call, "db.system.name", "postgresql");
            attribute(call, "db.query.text", "SELECT * FROM order_items WHERE order_id = " + (7700 + i));
        }
        ObjectNode slow = span(spans, hex(8), root, "SELECT shop.products", 3, start.plusMillis(400), 2500);
        attribute(slow, "db.system.name", "postgresql");
        attribute(slow, "db.query.text", "SELECT * FROM products WHERE description LIKE '%lamp%'");
        ObjectNode charge = span(spans, hex(8), root, "charge payment", 1, start.plusMillis(3000), 2100);
        charge.putObject("status").put("code", 2);
        ObjectNode event = charge.putArray("events").addObject();
        event.put("name", "exception");
        event.put("timeUnixNano", nanos(start.plusMillis(5050)));
        ArrayNode eventAttributes = event.putArray("attributes");
        text(eventAttributes, "exception.type", "java.lang.IllegalStateException");
        text(eventAttributes, "exception.message", "payment provider answered 502 (e2e trace)");
        text(eventAttributes, "exception.stacktrace", "java.lang.IllegalStateException: payment provider answered 502 "
                + "(e2e trace)\n\tat com.shop.Payments.charge(Payments.java:41)\n\tat com.shop.Orders.checkout"
                + "(Orders.java:88)");
        return export;
    }

    private JsonNode metrics(Instant now) {
        ObjectNode export = JSON.createObjectNode();
        ObjectNode resourceMetrics = export.putArray("resourceMetrics").addObject();
        service(resourceMetrics.putObject("resource"));
        ObjectNode metric = resourceMetrics.putArray("scopeMetrics").addObject().putArray("metrics").addObject();
        metric.put("name", GAUGE);
        metric.put("unit", "{jobs}");
        ArrayNode points = metric.putObject("gauge").putArray("dataPoints");
        for (int minute = 8; minute >= 0; minute--) {
            ObjectNode point = points.addObject();
            point.put("timeUnixNano", nanos(now.minusSeconds(60L * minute)));
            point.put("asDouble", 10 + minute % 3 * 4 + random.nextInt(3));
        }
        return export;
    }

    private static void service(ObjectNode resource) {
        text(resource.putArray("attributes"), "service.name", "shop");
    }

    private ObjectNode span(ArrayNode spans, String id, String parent, String name, int kind, Instant start,
                            long millis) {
        ObjectNode span = spans.addObject();
        span.put("traceId", traceId);
        span.put("spanId", id);
        if (parent != null) {
            span.put("parentSpanId", parent);
        }
        span.put("name", name);
        span.put("kind", kind);
        span.put("startTimeUnixNano", nanos(start));
        span.put("endTimeUnixNano", nanos(start.plusMillis(millis)));
        span.putArray("attributes");
        return span;
    }

    private static void attribute(ObjectNode span, String key, String value) {
        text(span.withArray("attributes"), key, value);
    }

    private static void text(ArrayNode attributes, String key, String value) {
        ObjectNode attribute = attributes.addObject();
        attribute.put("key", key);
        attribute.putObject("value").put("stringValue", value);
    }

    private static String nanos(Instant time) {
        return Long.toString(time.getEpochSecond() * 1_000_000_000L + time.getNano());
    }

    private String hex(int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        id[0] |= 1; // never all zeros
        return HexFormat.of().formatHex(id);
    }

    private static void expect(HttpResult result, String what) {
        if (result.status() >= 300) {
            throw new AssertionError(what + " failed: " + result);
        }
    }
}
