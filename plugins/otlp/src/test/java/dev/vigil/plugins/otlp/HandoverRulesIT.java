package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.attribute;
import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/**
 * What the intake hands over follows the ingest routes' shared rules: a span or log record outside the time window
 * is refused with a partial_success reason, and a record the owning plugin's route would refuse (a number out of
 * range) is not stored there, only counted.
 */
class HandoverRulesIT {

    private static final long DAY_MS = 86_400_000L;
    private final HttpClient http = HttpClient.newHttpClient();

    private byte[] post(TestServer server, String path, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf")
                .header("Authorization", "Bearer " + server.ingestToken())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), new String(response.body()));
        return response.body();
    }

    @Test
    void aSpanAheadOfTheClockIsRefusedAndARequestOfTwoDaysIsNotStored() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG).start()) {
            long now = OtlpMessages.nowNanos();
            Span ahead = span(traceId(), spanId(), null, "GET /later", Span.SpanKind.SPAN_KIND_SERVER,
                              now + Duration.ofHours(1).toNanos(), 5, "http.request.method", "GET",
                              "http.route", "/later").build();
            Span twoDays = span(traceId(), spanId(), null, "GET /export", Span.SpanKind.SPAN_KIND_SERVER,
                                now - Duration.ofMinutes(1).toNanos(), 2.0 * DAY_MS, "http.request.method", "GET",
                                "http.route", "/export").build();
            ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(post(
                    server, "/v1/traces", OtlpMessages.export("shop", List.of(ahead, twoDays)).toByteArray()));
            assertEquals(1, answer.getPartialSuccess().getRejectedSpans());
            assertEquals("1 span refused: start time is more than 10m ahead of the server's clock, the allowed "
                                 + "clock skew", answer.getPartialSuccess().getErrorMessage());

            JsonNode refused = Owners.await(server, "/api/v1/otlp/status",
                                            status -> status.at("/counters/requests_refused_by_owner"));
            assertEquals(1, refused.asInt());
            assertEquals(0, server.get("/api/v1/requests/summary?service=shop", server.viewerToken()).json()
                    .get("total").asInt(), "a request of two days is out of duration_ms's range: not stored");
        }
    }

    @Test
    void anErrorLogRecordFrom1970IsRefusedWithTheReason() throws Exception {
        try (TestServer server = Owners.server(TestDatabase.SQLITE, Owners.OTLP_CONFIG).start()) {
            LogRecord log = LogRecord.newBuilder().setTimeUnixNano(5).setSeverityNumberValue(17)
                    .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("disk full"))
                    .build();
            ExportLogsServiceRequest export = ExportLogsServiceRequest.newBuilder().addResourceLogs(
                    ResourceLogs.newBuilder().setResource(Resource.newBuilder()
                                                                  .addAttributes(attribute("service.name", "shop")))
                            .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(log))).build();
            ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(post(server, "/v1/logs",
                                                                                        export.toByteArray()));
            assertEquals(1, answer.getPartialSuccess().getRejectedLogRecords());
            String message = answer.getPartialSuccess().getErrorMessage();
            assertTrue(message.contains("time is older than the retention of 1d"), message);
            assertEquals(0, server.get("/api/v1/errors/summary?hours=2160", server.viewerToken()).json()
                    .get("events").asInt(), "nothing stored for 1970");
        }
    }
}
