package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import dev.vigil.api.http.ApiException;
import dev.vigil.kernel.http.JsonSupportImpl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OtlpJson json = new OtlpJson(new JsonSupportImpl());

    @Test
    void theSpecificationsTraceExampleReadsWithItsHexIds() throws IOException {
        ExportTraceServiceRequest export = json.parse(example("trace.json"), ExportTraceServiceRequest.newBuilder())
                .build();
        Span span = export.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals("5b8efff798038103d269b633813fc60c", Ids.hex(span.getTraceId(), 16));
        assertEquals("eee19b7ec3c1b174", Ids.hex(span.getSpanId(), 8));
        assertEquals("eee19b7ec3c1b173", Ids.hex(span.getParentSpanId(), 8));
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind(), "enums as numbers");
        assertEquals(1544712660000000000L, span.getStartTimeUnixNano(), "int64 as a string");

        SpanReader.Batch batch = new SpanReader(new AttributeReader(OtlpConfig.DEFAULTS), OtlpConfig.DEFAULTS)
                .read(export, Instant.ofEpochSecond(1544712661), 0, 1);
        assertEquals(1, batch.spans().size(), batch.reasons().toString());
        assertEquals("my.service", batch.spans().getFirst().service().name());
    }

    @Test
    void theSpecificationsMetricsAndLogsExamplesRead() throws IOException {
        ExportMetricsServiceRequest metrics = json.parse(example("metrics.json"),
                                                         ExportMetricsServiceRequest.newBuilder()).build();
        assertEquals(4, metrics.getResourceMetrics(0).getScopeMetrics(0).getMetricsCount());
        ExportLogsServiceRequest logs = json.parse(example("logs.json"), ExportLogsServiceRequest.newBuilder()).build();
        assertEquals("5b8efff798038103d269b633813fc60c",
                     Ids.hex(logs.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getTraceId(), 16));
    }

    @Test
    void bodiesMadeByJsonFormatFromTheSameMessagesReadBackEqual() {
        String trace = traceId();
        ExportTraceServiceRequest original = OtlpMessages.export("shop", List.of(
                span(trace, spanId(), null, "GET /a", Span.SpanKind.SPAN_KIND_SERVER, OtlpMessages.nowNanos(), 12,
                     "http.request.method", "GET", "http.response.status_code", 200, "sampled", true,
                     "ratio", 0.25).build()));
        String text = json.print(original);
        assertTrue(text.contains("\"traceId\":\"" + trace + "\""), "ids are hex, as OTLP/JSON says: " + text);
        assertTrue(text.contains("\"kind\":2"), "enums as numbers: " + text);
        assertEquals(original, json.parse(text.getBytes(StandardCharsets.UTF_8),
                                          ExportTraceServiceRequest.newBuilder()).build());
    }

    @Test
    void unknownFieldsOfNewerSdksAreIgnored() {
        String body = """
                {"resourceSpans":[{"futureField":{"x":1},"scopeSpans":[{"spans":[{"traceId":"%s","spanId":"%s",
                "name":"a","kind":1,"startTimeUnixNano":"1","endTimeUnixNano":"2","brandNew":[1,2]}]}]}]}
                """.formatted(traceId(), spanId());
        ExportTraceServiceRequest export = json.parse(body.getBytes(StandardCharsets.UTF_8),
                                                      ExportTraceServiceRequest.newBuilder()).build();
        assertEquals("a", export.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName());
    }

    @Test
    void anIdThatIsNotHexRefusesItsSpanOnly() {
        String body = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                 {"traceId":"not-hex-at-all","spanId":"%s","name":"bad","startTimeUnixNano":"%d","endTimeUnixNano":"%d"},
                 {"traceId":"%s","spanId":"%s","name":"good","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                """.formatted(spanId(), OtlpMessages.nowNanos(), OtlpMessages.nowNanos(), traceId(), spanId(),
                              OtlpMessages.nowNanos(), OtlpMessages.nowNanos());
        ExportTraceServiceRequest export = json.parse(body.getBytes(StandardCharsets.UTF_8),
                                                      ExportTraceServiceRequest.newBuilder()).build();
        SpanReader.Batch batch = new SpanReader(new AttributeReader(OtlpConfig.DEFAULTS), OtlpConfig.DEFAULTS)
                .read(export, Instant.now(), 0, 1);
        assertEquals(1, batch.rejected());
        assertEquals("good", batch.spans().getFirst().name());
        assertEquals(List.of("invalid trace id (16 bytes, not all zero)"), List.copyOf(batch.reasons().keySet()));
    }

    @Test
    void malformedJsonIsA400ThatSaysWhere() {
        ApiException error = assertThrows(ApiException.class, () -> json.parse(
                "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder()));
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains("line 1"), error.getMessage());
        assertFalse(error.getMessage().contains("Source") || error.getMessage().contains("StreamReadFeature"),
                    "no word of the JSON library's own settings: " + error.getMessage());
        ApiException nan = assertThrows(ApiException.class, () -> json.parse(
                "{\"resourceSpans\": [{\"x\": NaN}]}".getBytes(StandardCharsets.UTF_8),
                ExportTraceServiceRequest.newBuilder()));
        assertEquals("resourceSpans[0].x: is not a number: NaN/Infinity are not accepted", nan.getMessage());
        ApiException wrongShape = assertThrows(ApiException.class, () -> json.parse(
                "{\"resourceSpans\": 3}".getBytes(StandardCharsets.UTF_8), ExportTraceServiceRequest.newBuilder()));
        assertEquals(400, wrongShape.status());
        assertTrue(wrongShape.getMessage().contains("not an OTLP export request"), wrongShape.getMessage());
    }

    @Test
    void aPartialSuccessIsWrittenAsTheSpecificationShowsIt() {
        String text = json.print(ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("two bad")).build());
        assertEquals("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"two bad\"}}", text);
        assertEquals("{}", json.print(ExportTraceServiceResponse.getDefaultInstance()));
    }

    private static byte[] example(String name) throws IOException {
        try (InputStream in = OtlpJsonTest.class.getResourceAsStream("/spec-examples/" + name)) {
            return in.readAllBytes();
        }
    }
}
