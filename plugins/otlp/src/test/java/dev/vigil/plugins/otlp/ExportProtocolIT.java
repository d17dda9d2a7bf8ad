package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import dev.vigil.kernel.http.JsonSupportImpl;
import dev.vigil.kernel.limits.LimitSettings;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OTLP/HTTP as the specification has it, over real HTTP: both encodings and gzip, the answers exporters act on
 * (partial success, google.rpc.Status errors, Retry-After), refused parts when an owner is stopped, and exports
 * that survive a restart.
 */
class ExportProtocolIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bothEncodingsAndGzipAreTakenAndAnsweredInKind() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG).start()) {
            Answer protobuf = post(server, "/v1/traces", PROTOBUF, false, request("proto", "/a").toByteArray(),
                                   server.ingestToken());
            assertEquals(200, protobuf.status, protobuf.text());
            assertEquals(PROTOBUF, protobuf.contentType);
            assertFalse(ExportTraceServiceResponse.parseFrom(protobuf.body).hasPartialSuccess());

            OtlpJson json = new OtlpJson(new JsonSupportImpl());
            byte[] jsonBody = json.print(request("json", "/b")).getBytes(StandardCharsets.UTF_8);
            Answer plain = post(server, "/v1/traces", JSON, false, jsonBody, server.ingestToken());
            assertEquals(200, plain.status, plain.text());
            assertEquals(JSON, plain.contentType);
            assertEquals("{}", plain.bodyText());
            Answer zipped = post(server, "/v1/traces", JSON, true,
                                 json.print(request("json-gzip", "/c")).getBytes(StandardCharsets.UTF_8),
                                 server.ingestToken());
            assertEquals(200, zipped.status, zipped.text());
            Answer zippedProto = post(server, "/v1/traces", PROTOBUF, true, request("proto-gzip", "/d").toByteArray(),
                                      server.ingestToken());
            assertEquals(200, zippedProto.status, zippedProto.text());

            for (String service : List.of("proto", "json", "json-gzip", "proto-gzip")) {
                assertNotNull(Owners.await(server, "/api/v1/requests/endpoints?service=" + service,
                                           body -> body.at("/endpoints/0")), service);
            }
        }
    }

    @Test
    void theSpecificationsExampleIsReadAndItsOldSpanRefusedWithTheReason() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG).start();
             InputStream example = getClass().getResourceAsStream("/spec-examples/trace.json")) {
            byte[] body = example.readAllBytes();
            Answer answer = post(server, "/v1/traces", JSON, false, body, server.ingestToken());
            assertEquals(200, answer.status, answer.text());
            JsonNode partial = MAPPER.readTree(answer.body).get("partialSuccess");
            assertEquals("1", partial.get("rejectedSpans").asText(), "int64 as a string, as proto3 JSON says");
            assertEquals("1 span refused: start time is older than the retention of 1d", partial.get("errorMessage").asText());

            long now = OtlpMessages.nowNanos();
            String current = new String(body, StandardCharsets.UTF_8)
                    .replace("1544712660000000000", String.valueOf(now - 1_000_000_000L))
                    .replace("1544712661000000000", String.valueOf(now));
            Answer accepted = post(server, "/v1/traces", JSON, false, current.getBytes(StandardCharsets.UTF_8),
                                   server.ingestToken());
            assertEquals("{}", accepted.bodyText());
            JsonNode endpoint = Owners.await(server, "/api/v1/requests/endpoints?service=my.service",
                                             body2 -> body2.at("/endpoints/0"));
            assertEquals("I'm a server span", endpoint.get("endpoint").asText());
        }
    }

    @Test
    void aTokenOverItsRecordsPerSecondGets429WithRetryAfterAndNothingIsKept() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG)
                .limits(new LimitSettings(1, 0, 4)).start()) {
            // 30 spans against 1 per second: the export passes on a full bucket and leaves 29 s to pay back, so
            // the next one is refused however slowly this machine runs.
            List<Span> spans = new ArrayList<>();
            String trace = traceId();
            for (int i = 0; i < 30; i++) {
                spans.add(span(trace, spanId(), null, "GET /a", Span.SpanKind.SPAN_KIND_SERVER,
                               OtlpMessages.nowNanos(), 4, "http.request.method", "GET", "http.route", "/a",
                               "http.response.status_code", 200).build());
            }
            assertEquals(200, post(server, "/v1/traces", PROTOBUF, false,
                                   OtlpMessages.export("first", spans).toByteArray(), server.ingestToken()).status);
            Answer over = post(server, "/v1/traces", PROTOBUF, false, request("second", "/b").toByteArray(),
                               server.ingestToken());
            assertStatus(over, 429, 8, "limits.ingest-records-per-second is 1 records per second");
            int retryAfter = Integer.parseInt(over.retryAfter);
            assertTrue(retryAfter >= 1 && retryAfter <= 30, over.retryAfter);
            assertEquals(200, post(server, "/v1/traces", PROTOBUF, false, request("third", "/c").toByteArray(),
                                   server.adminToken()).status, "another token has its own allowance");
            for (String service : List.of("first", "third")) {
                assertNotNull(Owners.await(server, "/api/v1/requests/endpoints?service=" + service,
                                           body -> body.at("/endpoints/0")), service);
            }
            JsonNode refused = server.get("/api/v1/requests/endpoints?service=second", server.viewerToken()).json();
            assertEquals(0, refused.get("endpoints").size(), "the refused export left nothing: " + refused);
        }
    }

    @Test
    void badExportsAndBadCallersGetAStatusThatSaysWhy() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG
                + "max-body-bytes: 2048\nmax-decompressed-bytes: 4096\n").start()) {
            String ingest = server.ingestToken();
            Answer malformed = post(server, "/v1/traces", PROTOBUF, false, new byte[] {(byte) 0x0a, (byte) 0xff},
                                    ingest);
            assertStatus(malformed, 400, 3, "not a protobuf ExportTraceServiceRequest");
            Answer malformedJson = post(server, "/v1/metrics", JSON, false, "{\"resourceMetrics\": [".getBytes(
                    StandardCharsets.UTF_8), ingest);
            assertEquals(400, malformedJson.status);
            assertEquals(3, MAPPER.readTree(malformedJson.body).get("code").asInt());
            assertTrue(MAPPER.readTree(malformedJson.body).get("message").asText()
                               .contains("unexpected end of input in resourceMetrics"));

            assertStatus(post(server, "/v1/traces", PROTOBUF, false, new byte[0], null), 401, 16, "Bearer");
            assertStatus(post(server, "/v1/traces", PROTOBUF, false, new byte[0], server.viewerToken()), 403, 7,
                         "needs the ingest role");
            assertStatus(post(server, "/v1/logs", "text/plain", false, new byte[0], ingest), 415, 3,
                         "application/x-protobuf or application/json");
            assertStatus(post(server, "/v1/traces", PROTOBUF, false, new byte[3000], ingest), 413, 8,
                         "max-body-bytes");
            assertStatus(post(server, "/v1/traces", PROTOBUF, true, new byte[100_000], ingest), 413, 8,
                         "max-decompressed-bytes");
            assertStatus(post(server, "/v1/traces", PROTOBUF, false, "not gzip".getBytes(StandardCharsets.UTF_8),
                              ingest, "gzip"), 400, 3, "gzip");

            String otherTrace = traceId();
            ExportTraceServiceRequest mixed = OtlpMessages.export("shop", List.of(
                    span(otherTrace, spanId(), null, "GET /ok", Span.SpanKind.SPAN_KIND_SERVER,
                         OtlpMessages.nowNanos(), 3, "http.request.method", "GET").build(),
                    span(otherTrace, spanId(), null, "GET /ok", Span.SpanKind.SPAN_KIND_SERVER,
                         OtlpMessages.nowNanos(), 3).setSpanId(OtlpMessages.id("0000000000000000")).build()));
            Answer partial = post(server, "/v1/traces", PROTOBUF, false, mixed.toByteArray(), ingest);
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(partial.body);
            assertEquals(1, response.getPartialSuccess().getRejectedSpans());
            assertEquals("1 span refused: invalid span id (8 bytes, not all zero)",
                         response.getPartialSuccess().getErrorMessage());
        }
    }

    @Test
    void whatAStoppedPluginOwnsIsRefusedAndCountedAndTheRestIsStored() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG).start()) {
            assertEquals(200, server.post("/api/v1/admin/plugins/queries/stop", "", server.adminToken()).status());
            String trace = traceId();
            String root = spanId();
            long now = OtlpMessages.nowNanos();
            List<Span> spans = new ArrayList<>();
            spans.add(span(trace, root, null, "GET /cart", Span.SpanKind.SPAN_KIND_SERVER, now, 20,
                           "http.request.method", "GET", "http.route", "/cart").build());
            for (int i = 0; i < 3; i++) {
                spans.add(span(trace, spanId(), root, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, now, 1,
                               "db.system", "sqlite", "db.statement", "SELECT * FROM cart WHERE id = ?").build());
            }
            Answer answer = post(server, "/v1/traces", PROTOBUF, false,
                                 OtlpMessages.export("shop", spans).toByteArray(), server.ingestToken());
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer.body);
            assertEquals(3, response.getPartialSuccess().getRejectedSpans());
            assertEquals("plugin 'queries' is not running: the statements of 3 spans were not stored",
                         response.getPartialSuccess().getErrorMessage());

            JsonNode request = Owners.await(server, "/api/v1/requests/slow?service=shop&min_ms=0",
                                            body -> Owners.first(body.get("requests"), "trace_id", trace));
            assertEquals(3, request.get("query_count").asInt(), "the request record is stored, with its count");
            JsonNode status = server.get("/api/v1/otlp/status", server.viewerToken()).json();
            assertEquals(3, status.at("/counters/spans_refused_queries_stopped").asInt(), status.toString());
        }
    }

    @Test
    void anExportIsRefusedWith503AndRetryAfterWhenVigilHoldsTooManySpans() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, """
                quiet-window: 10m
                orphan-wait: 10m
                max-trace-age: 20m
                max-open-spans: 1000
                """).start()) {
            List<Span> spans = new ArrayList<>();
            long now = OtlpMessages.nowNanos();
            for (int i = 0; i < 1000; i++) {
                spans.add(span(traceId(), spanId(), spanId(), "work", Span.SpanKind.SPAN_KIND_INTERNAL, now, 1)
                                  .build());
            }
            assertEquals(200, post(server, "/v1/traces", PROTOBUF, false,
                                   OtlpMessages.export("shop", spans).toByteArray(), server.ingestToken()).status);
            Answer full = post(server, "/v1/traces", PROTOBUF, false, request("shop", "/x").toByteArray(),
                               server.ingestToken());
            assertStatus(full, 503, 14, "max-open-spans");
            assertEquals("2", full.retryAfter, "exporters retry a 503 after Retry-After");
            JsonNode status = server.get("/api/v1/otlp/status", server.viewerToken()).json();
            assertEquals(1000, status.at("/assembly/open_spans").asInt(), "nothing of the refused export is held");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anAcceptedExportSurvivesARestartAndIsHandedOverOnce(TestDatabase database) throws Exception {
        assumeTrue(database.available(), "PostgreSQL is not configured (VIGIL_TEST_POSTGRES_URL)");
        // Long windows: the trace is still being assembled when the server stops.
        try (TestServer server = Owners.server(database, """
                quiet-window: 10m
                orphan-wait: 10m
                max-trace-age: 20m
                """).start()) {
            ExportTraceServiceRequest export = request("durable", "/kept");
            assertEquals(200, post(server, "/v1/traces", PROTOBUF, false, export.toByteArray(),
                                   server.ingestToken()).status);
            server.stop();
            Files.writeString(server.configDir().resolve("plugins/otlp.yaml"), Owners.OTLP_CONFIG);
            server.restart();

            JsonNode endpoint = Owners.await(server, "/api/v1/requests/endpoints?service=durable",
                                             body -> body.at("/endpoints/0"));
            assertEquals("/kept", endpoint.get("endpoint").asText());
            JsonNode replay = Owners.await(server, "/api/v1/admin/plugins/otlp/jobs",
                                           body -> Owners.first(body.get("jobs"), "state", "SUCCEEDED"));
            assertTrue(replay.get("message").asText().startsWith("replayed 1 of 1 exports"), replay.toString());
            TestServer.await(Owners.WAIT, "the inbox to empty", () -> server.get("/api/v1/otlp/status",
                    server.viewerToken()).json().at("/assembly/inbox_rows").asInt() == 0);
            assertEquals(1, server.get("/api/v1/requests/endpoints?service=durable", server.viewerToken()).json()
                    .at("/endpoints/0/count").asInt(), "handed over once");
        }
    }

    /** An export of one server span of {@code service} at {@code route}. */
    private static ExportTraceServiceRequest request(String service, String route) {
        return OtlpMessages.export(service, List.of(span(traceId(), spanId(), null, "GET " + route,
                Span.SpanKind.SPAN_KIND_SERVER, OtlpMessages.nowNanos(), 4, "http.request.method", "GET",
                "http.route", route, "http.response.status_code", 200).build()));
    }

    private static void assertStatus(Answer answer, int httpStatus, int rpcCode, String says) throws IOException {
        assertEquals(httpStatus, answer.status, answer.text());
        if (PROTOBUF.equals(answer.contentType)) {
            UnknownFieldSet status = UnknownFieldSet.parseFrom(answer.body);
            assertEquals(rpcCode, status.getField(1).getVarintList().getFirst().intValue(), answer.text());
            String message = status.getField(2).getLengthDelimitedList().getFirst().toStringUtf8();
            assertTrue(message.contains(says), message);
        } else {
            JsonNode status = MAPPER.readTree(answer.body);
            assertEquals(rpcCode, status.get("code").asInt(), answer.text());
            assertTrue(status.get("message").asText().contains(says), answer.text());
        }
    }

    /** An answer as an exporter reads it. */
    private record Answer(int status, String contentType, String retryAfter, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String text() {
            return status + " " + bodyText();
        }
    }

    private Answer post(TestServer server, String path, String contentType, boolean gzip, byte[] body, String token)
            throws IOException, InterruptedException {
        return post(server, path, contentType, gzip, body, token, gzip ? "gzip" : null);
    }

    private Answer post(TestServer server, String path, String contentType, boolean gzip, byte[] body, String token,
                        String contentEncoding) throws IOException, InterruptedException {
        byte[] sent = gzip ? gzip(body) : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(sent));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                          response.headers().firstValue("Retry-After").orElse(null), response.body());
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }
}
