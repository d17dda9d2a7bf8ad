package dev.vigil.plugins.otlp;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** Builds OTLP messages the way an SDK would send them, for tests that post raw exports. */
final class OtlpMessages {

    private OtlpMessages() {
    }

    static String traceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    static String spanId() {
        return HexFormat.of().formatHex(randomBytes(8));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zero
        return bytes;
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static KeyValue attribute(String key, Object value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value instanceof Integer || value instanceof Long) {
            any.setIntValue(((Number) value).longValue());
        } else if (value instanceof Double number) {
            any.setDoubleValue(number);
        } else if (value instanceof Boolean flag) {
            any.setBoolValue(flag);
        } else {
            any.setStringValue(String.valueOf(value));
        }
        return KeyValue.newBuilder().setKey(key).setValue(any).build();
    }

    /** A span of {@code kind} from {@code startNanos} lasting {@code durationMs}, with attributes as key, value... */
    static Span.Builder span(String traceId, String spanId, String parentId, String name, Span.SpanKind kind,
                             long startNanos, double durationMs, Object... attributes) {
        Span.Builder span = Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName(name)
                .setKind(kind).setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(startNanos + (long) (durationMs * 1_000_000));
        if (parentId != null) {
            span.setParentSpanId(id(parentId));
        }
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            span.addAttributes(attribute((String) attributes[i], attributes[i + 1]));
        }
        return span;
    }

    static Span.Builder failed(Span.Builder span, String message) {
        return span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(message));
    }

    static Span.Event exception(long timeNanos, String type, String message, String stack) {
        return Span.Event.newBuilder().setName("exception").setTimeUnixNano(timeNanos)
                .addAttributes(attribute("exception.type", type))
                .addAttributes(attribute("exception.message", message))
                .addAttributes(attribute("exception.stacktrace", stack)).build();
    }

    static ExportTraceServiceRequest export(String service, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service))
                                     .addAttributes(attribute("service.version", "1.4.2"))
                                     .addAttributes(attribute("deployment.environment.name", "prod")))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    }

    static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
