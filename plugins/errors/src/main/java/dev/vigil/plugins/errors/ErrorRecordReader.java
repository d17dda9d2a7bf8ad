package dev.vigil.plugins.errors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.events.StackFrame;
import dev.vigil.api.http.JsonRecord;
import dev.vigil.api.http.TimestampWindow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads one record of an ingest batch into an {@link ErrorEvent}, refusing bad values with a 400 that names the
 * record and the field. Fields this plugin does not know are kept in the context rather than dropped, so that a
 * newer client never loses data on an older server.
 */
final class ErrorRecordReader {

    static final Set<String> KNOWN_FIELDS = Set.of("timestamp", "service", "level", "exception_type", "message",
                                                   "frames", "stack", "endpoint", "request_id", "trace_id", "user",
                                                   "user_agent",
                                                   "client_ip", "release", "environment", "context", "fingerprint");
    /** What {@code client_ip} may say to mean "the address this request came from" (a browser cannot know its own). */
    static final String CLIENT_IP_AUTO = "auto";
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    ErrorRecordReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param window        the times accepted; its now is the time of records without a timestamp
     * @param remoteAddress the address the request came from, used for {@code "client_ip": "auto"}
     */
    ErrorEvent read(JsonRecord record, ErrorsConfig config, TimestampWindow window, String remoteAddress) {
        Instant timestamp = window.optional(record, "timestamp", window.now());
        String service = limited(record, "service", record.requiredString("service"), 100);
        ErrorLevel level = level(record);
        String exceptionType = limited(record, "exception_type", record.optionalString("exception_type"), 500);
        String message = record.optionalString("message");
        String stack = record.optionalString("stack");
        List<StackFrame> frames = frames(record, config);
        if (isBlank(exceptionType) && isBlank(message) && isBlank(stack) && frames.isEmpty()) {
            throw record.invalid("message", "is required when exception_type, stack and frames are absent");
        }
        String clientIp = record.optionalString("client_ip");
        if (clientIp != null && clientIp.equalsIgnoreCase(CLIENT_IP_AUTO)) {
            clientIp = remoteAddress;
        } else if (clientIp != null && !IpAddresses.isLiteral(clientIp.strip())) {
            throw record.invalid("client_ip", "must be an IPv4 or IPv6 address, or \"auto\" for the sender's address");
        }
        Map<String, Object> context = context(record, config);
        return new ErrorEvent(timestamp, service, level, blankToNull(exceptionType),
                              message, frames, stack,
                              limited(record, "endpoint", record.optionalString("endpoint"), 4000),
                              limited(record, "request_id", record.optionalString("request_id"), 200),
                              limited(record, "trace_id", record.optionalString("trace_id"), 200),
                              limited(record, "user", record.optionalString("user"), 500),
                              record.optionalString("user_agent"),
                              clientIp == null ? null : clientIp.strip(),
                              limited(record, "release", record.optionalString("release"), 200),
                              limited(record, "environment", record.optionalString("environment"), 100),
                              context, fingerprint(record));
    }

    private static ErrorLevel level(JsonRecord record) {
        String text = record.optionalString("level");
        if (text == null) {
            return ErrorLevel.ERROR;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "debug", "trace" -> ErrorLevel.DEBUG;
            case "info" -> ErrorLevel.INFO;
            case "warning", "warn" -> ErrorLevel.WARNING;
            case "error" -> ErrorLevel.ERROR;
            case "critical", "fatal" -> ErrorLevel.CRITICAL;
            default -> throw record.invalid("level", "must be one of debug, info, warning, error, critical");
        };
    }

    /** Frames innermost first; a frame without {@code in_app} is judged by the configured rules. */
    private static List<StackFrame> frames(JsonRecord record, ErrorsConfig config) {
        JsonNode node = record.node().get("frames");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw record.invalid("frames", "must be an array of frames");
        }
        InAppRules rules = config.inAppRules();
        List<StackFrame> frames = new ArrayList<>();
        for (int i = 0; i < node.size() && frames.size() < config.maxFrames(); i++) {
            JsonNode frame = node.get(i);
            String field = "frames[" + i + "]";
            if (!frame.isObject()) {
                throw record.invalid(field, "must be an object with module, function, file, line and in_app");
            }
            String module = frameText(record, frame, field, "module");
            String function = frameText(record, frame, field, "function");
            String file = frameText(record, frame, field, "file");
            if (module == null && function == null && file == null) {
                throw record.invalid(field, "needs at least one of module, function and file");
            }
            Integer line = null;
            JsonNode lineNode = frame.get("line");
            if (lineNode != null && !lineNode.isNull()) {
                if (!lineNode.canConvertToInt() || !lineNode.isIntegralNumber() || lineNode.asInt() < 0) {
                    throw record.invalid(field + ".line", "must be an integer >= 0");
                }
                line = lineNode.asInt();
            }
            JsonNode inAppNode = frame.get("in_app");
            boolean inApp;
            if (inAppNode == null || inAppNode.isNull()) {
                inApp = rules.isInApp(module, file);
            } else if (inAppNode.isBoolean()) {
                inApp = inAppNode.asBoolean();
            } else {
                throw record.invalid(field + ".in_app", "must be true or false");
            }
            frames.add(new StackFrame(module, function, file, line, inApp));
        }
        return frames;
    }

    private static String frameText(JsonRecord record, JsonNode frame, String field, String name) {
        JsonNode value = frame.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw record.invalid(field + "." + name, "must be a string");
        }
        if (value.asText().length() > 1000) {
            throw record.invalid(field + "." + name, "is longer than 1000 characters");
        }
        return blankToNull(value.asText());
    }

    /** The record's context object, plus any field this plugin does not know (kept, not dropped). */
    private Map<String, Object> context(JsonRecord record, ErrorsConfig config) {
        JsonNode node = record.node().get("context");
        Map<String, Object> context = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw record.invalid("context", "must be a JSON object");
            }
            context.putAll(mapper.convertValue(node, MAP));
        }
        for (Map.Entry<String, JsonNode> field : record.node().properties()) {
            if (!KNOWN_FIELDS.contains(field.getKey()) && !field.getValue().isNull()) {
                context.putIfAbsent(field.getKey(), mapper.convertValue(field.getValue(), Object.class));
            }
        }
        if (context.isEmpty()) {
            return Map.of();
        }
        try {
            int size = mapper.writeValueAsString(context).getBytes(StandardCharsets.UTF_8).length;
            if (size > config.maxContextBytes()) {
                throw record.invalid("context", "is " + size + " bytes as JSON; at most " + config.maxContextBytes()
                        + " are accepted (fields this plugin does not know count as context)");
            }
        } catch (JsonProcessingException e) {
            throw record.invalid("context", "cannot be written as JSON: " + e.getOriginalMessage());
        }
        return context;
    }

    /** A client's own grouping key: a string, or an array of strings (joined). */
    private static String fingerprint(JsonRecord record) {
        JsonNode node = record.node().get("fingerprint");
        if (node == null || node.isNull()) {
            return null;
        }
        String text;
        if (node.isTextual()) {
            text = node.asText();
        } else if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : node) {
                if (!part.isTextual()) {
                    throw record.invalid("fingerprint", "must be a string or an array of strings");
                }
                parts.add(part.asText());
            }
            text = String.join("\n", parts);
        } else {
            throw record.invalid("fingerprint", "must be a string or an array of strings");
        }
        if (text.isBlank()) {
            throw record.invalid("fingerprint", "must not be empty (leave it out to let the server group)");
        }
        return limited(record, "fingerprint", text, 1000);
    }

    private static String limited(JsonRecord record, String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw record.invalid(field, "is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static String blankToNull(String text) {
        return isBlank(text) ? null : text;
    }
}
