package dev.vigil.plugins.otlp;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * OTLP/JSON: the proto3 JSON mapping read and written by protobuf's {@link JsonFormat}, with the one difference
 * OTLP makes: trace and span ids are hex, not base64. Ids are translated in the JSON tree on the way in and out;
 * everything else (int64 as strings or numbers, enums as numbers, lowerCamelCase or original field names,
 * unknown fields ignored) is JsonFormat's.
 */
final class OtlpJson {

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
                                                        "parent_span_id");
    /** What an id that is not hex becomes: one byte, an id of no valid length, so that its span is refused. */
    private static final String INVALID_ID = Base64.getEncoder().encodeToString(new byte[] {0});
    private static final HexFormat HEX = HexFormat.of();
    /** {@code (start marker at [Source: ...; line: 1, column: 19])} and other mentions of Jackson's input source. */

    private final JsonSupport support;
    private final ObjectMapper mapper;
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    private final JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace()
            .printingEnumsAsInts();

    OtlpJson(JsonSupport json) {
        this.support = json;
        this.mapper = json.mapper();
    }

    /** Merges an OTLP/JSON document into {@code builder}; malformed JSON is a 400 that says where. */
    <B extends Message.Builder> B parse(byte[] json, B builder) {
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            // The kernel's wording (field, rule, line and column), under OTLP's own error code.
            throw malformed(support.badBody(e).getMessage());
        } catch (java.io.IOException e) {
            throw malformed("the body could not be read as JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw malformed("the body must be a JSON object (an OTLP export request)");
        }
        translateIds(tree, true);
        try {
            parser.merge(mapper.writeValueAsString(tree), builder);
        } catch (InvalidProtocolBufferException e) {
            throw malformed("the JSON is not an OTLP export request: " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written again", e);
        }
        return builder;
    }

    /** The message as OTLP/JSON. */
    String print(Message message) {
        try {
            JsonNode tree = mapper.readTree(printer.print(message));
            translateIds(tree, false);
            return mapper.writeValueAsString(tree);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            throw new IllegalStateException("an OTLP message could not be written as JSON", e);
        }
    }

    private static ApiException malformed(String message) {
        return new ApiException(400, "malformed_export", message);
    }

    /** Rewrites every id field of the tree: hex to base64 when {@code toBase64}, base64 to hex otherwise. */
    private static void translateIds(JsonNode node, boolean toBase64) {
        if (node.isArray()) {
            node.forEach(item -> translateIds(item, toBase64));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
                field.setValue(TextNode.valueOf(toBase64 ? base64(value.asText()) : hex(value.asText())));
            } else {
                translateIds(value, toBase64);
            }
        }
    }

    private static String base64(String hex) {
        if (hex.isEmpty()) {
            return hex;
        }
        if (hex.length() % 2 != 0 || !Ids.isHex(hex, hex.length() / 2)) {
            return INVALID_ID;
        }
        return Base64.getEncoder().encodeToString(HEX.parseHex(hex));
    }

    private static String hex(String base64) {
        return HEX.formatHex(Base64.getDecoder().decode(base64));
    }
}
