package dev.vigil.api.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One error occurrence: ingested from a server or a browser, or recorded by the kernel when a plugin's route,
 * task or subscriber throws ({@code service = "vigil"}). Optional fields are null when unknown.
 *
 * @param frames      parsed frames, innermost first; empty when only {@code rawStack} is known
 * @param traceId     the distributed trace the error happened in (32 hex digits for OpenTelemetry), or null
 * @param fingerprint a client's own grouping key, overriding the computed one; usually null
 */
public record ErrorEvent(Instant timestamp, String service, ErrorLevel level, String exceptionType, String message,
                         List<StackFrame> frames, String rawStack, String endpoint, String requestId, String traceId,
                         String user, String userAgent, String clientIp, String release, String environment,
                         Map<String, Object> context, String fingerprint) {

    public ErrorEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(level, "level");
        frames = frames == null ? List.of() : List.copyOf(frames);
        context = context == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
    }

    /**
     * An error event for an exception thrown inside Vigil. Frames of {@code inAppPrefix} (a plugin's package)
     * are marked in-app.
     */
    public static ErrorEvent fromThrowable(Instant time, Throwable error, String endpoint, String requestId,
                                           String inAppPrefix, Map<String, Object> context) {
        List<StackFrame> frames = new ArrayList<>();
        for (StackTraceElement element : error.getStackTrace()) {
            String className = element.getClassName();
            frames.add(new StackFrame(className, element.getMethodName(), element.getFileName(),
                                      element.getLineNumber() < 0 ? null : element.getLineNumber(),
                                      inAppPrefix != null && className.startsWith(inAppPrefix)));
            if (frames.size() == 100) {
                break;
            }
        }
        java.io.StringWriter raw = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(raw));
        return new ErrorEvent(time, "vigil", ErrorLevel.ERROR, error.getClass().getName(), error.getMessage(),
                              frames, raw.toString(), endpoint, requestId, null, null, null, null, null, null, context,
                              null);
    }
}
