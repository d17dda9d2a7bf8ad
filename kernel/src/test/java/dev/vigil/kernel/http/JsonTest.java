package dev.vigil.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Secret;
import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The API's JSON conventions, and 400s that name the field. */
class JsonTest {

    record Rule(String signalName, int consecutive, Instant until) {
    }

    enum Colour {
        RED, DARK_BLUE;

        @JsonValue
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Paint(Colour colour) {
    }

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void writesSnakeCaseAndIsoTimes() throws Exception {
        assertEquals("{\"signal_name\":\"a\",\"consecutive\":3,\"until\":\"2026-11-23T10:00:00Z\"}",
                     mapper.writeValueAsString(new Rule("a", 3, Instant.parse("2026-11-23T10:00:00Z"))));
    }

    record Figures(double totalTimeMs, Double ratio, long count) {
    }

    @Test
    void writesFiguresWithoutFloatNoiseAndKeepsTinyRatiosAndWholeNumbersExact() throws Exception {
        // Sums of doubles carry noise in their last digits; the API shows at most 12 significant digits.
        assertEquals("{\"total_time_ms\":4279.92,\"ratio\":0.3,\"count\":7}",
                     mapper.writeValueAsString(new Figures(4279.919999999998, 0.1 + 0.2, 7)));
        // Noise in maps and trees is rounded alike: every response goes through this mapper.
        assertEquals("{\"a\":0.3,\"b\":[1.1]}", mapper.writeValueAsString(
                new java.util.TreeMap<>(Map.of("a", 0.30000000000000004, "b", List.of(1.1000000000000002)))));
        JsonNode tree = mapper.readTree("{\"x\": 1}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("x", 2.0000000000000004);
        assertEquals("{\"x\":2.0}", mapper.writeValueAsString(tree));
        // Small values keep their digits: 12 significant digits, not 12 decimals.
        assertEquals(1.23456789e-9, mapper.readTree(mapper.writeValueAsString(Map.of("r", 1.23456789e-9)))
                .get("r").asDouble());
        // A whole number held in a double (bytes of a large disk) has no noise and is written exactly.
        assertEquals(2_000_398_934_017.0, mapper.readTree(mapper.writeValueAsString(Map.of("b", 2_000_398_934_017.0)))
                .get("b").asDouble());
        assertEquals("{\"n\":\"NaN\"}", mapper.writeValueAsString(Map.of("n", Double.NaN)));
    }

    @Test
    void refusesWrongTypesInsteadOfConvertingThem() {
        assertEquals("signal_name: cannot be read from '5' (expected a string)", error("{\"signal_name\":5,\"consecutive\":1}"));
        assertEquals("consecutive: expected a whole number", error("{\"signal_name\":\"a\",\"consecutive\":\"3\"}"));
        assertEquals("colour: unknown field (known: consecutive, signal_name, until)", error("{\"signal_name\":\"a\",\"consecutive\":1,\"colour\":1}"));
        assertEquals("consecutive: is required", error("{\"signal_name\":\"a\"}"));
        assertEquals("until: cannot be read from 'tomorrow' (expected an ISO-8601 time such as 2026-11-23T10:15:30Z)",
                     error("{\"signal_name\":\"a\",\"consecutive\":1,\"until\":\"tomorrow\"}"));
    }

    @Test
    void brokenJsonSaysWhere() {
        ApiException broken = readError("{\"signal_name\":");
        assertEquals("invalid_json", broken.code());
        assertEquals("the body is not valid JSON: unexpected end of input in signal_name at line 1, column 16", broken.getMessage());
    }

    @Test
    void messagesNameTheFieldAndTheRuleNeverAClassOrAParserSwitch() {
        assertEquals("consecutive: must be a whole number between -2147483648 and 2147483647",
                     error("{\"signal_name\":\"a\",\"consecutive\":1234567890123}"));
        assertEquals("consecutive: is not a number: NaN/Infinity are not accepted",
                     error("{\"signal_name\":\"a\",\"consecutive\":NaN}"));
        assertEquals("the body must be a JSON object", error("[1, 2]"));
        assertEquals("the body is not valid JSON: unexpected word 'x' (text needs quotes) in signal_name at line 1, column 16",
                     error("{\"signal_name\":x}"));
        assertEquals("the body is not valid JSON: unexpected character '#' in signal_name at line 1, column 16",
                     error("{\"signal_name\":#}"));
        assertEquals("the body must hold one JSON value; more follows it at line 1, column 37",
                     error("{\"signal_name\":\"a\",\"consecutive\":1} {}"));
    }

    @Test
    void theFieldOfANonFiniteNumberIsNamedInsideArraysToo() throws Exception {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                () -> mapper.readTree("{\"records\": [{\"x\": 1}, {\"duration_ms\": -Infinity}]}"));
        assertEquals("records[1].duration_ms: is not a number: NaN/Infinity are not accepted",
                     Json.badBody(error, mapper).getMessage());
    }

    @Test
    void aBadEnumValueListsTheValuesAsTheClientWritesThem() {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                                                     () -> mapper.readValue("{\"colour\":\"RED\"}", Paint.class));
        assertEquals("colour: cannot be read from 'RED' (expected one of [red, dark_blue])",
                     Json.badBody(error, mapper).getMessage());
    }

    record Smtp(String host, @Secret String password) {
    }

    record Hook(String name, @Secret(Secret.Reveal.URL_ORIGIN) String webhookUrl,
                @Secret Map<String, String> headers, Smtp smtp, @Secret String routingKey) {
    }

    record Hooks(List<Hook> hooks) {
    }

    @Test
    void maskedWritesTheApisJsonWithEveryDeclaredSecretMaskedWhereverItNests() {
        Hook hook = new Hook("ops", "https://hooks.example.com/T/KEY", Map.of("Authorization", "Bearer t"),
                             new Smtp("mail.example.com", "pw"), null);
        JsonNode masked = Json.masked(mapper, new Hooks(List.of(hook)));
        assertEquals("ops", masked.at("/hooks/0/name").asText());
        assertEquals("https://hooks.example.com/***", masked.at("/hooks/0/webhook_url").asText(),
                     "snake_case keys, as every API response");
        assertEquals("***", masked.at("/hooks/0/headers/Authorization").asText(), "header names stay readable");
        assertEquals("mail.example.com", masked.at("/hooks/0/smtp/host").asText());
        assertEquals("***", masked.at("/hooks/0/smtp/password").asText());
        assertTrue(masked.at("/hooks/0/routing_key").isNull(), "nothing set is shown as nothing set");
        assertEquals("Bearer t", hook.headers().get("Authorization"), "the value itself is untouched");
    }

    @Test
    void secretKeysSayWhereAValueHoldsSecretsAndHowEachIsShown() {
        Hook hook = new Hook("ops", "https://hooks.example.com/T/KEY", Map.of("Authorization", "Bearer t"),
                             new Smtp("mail.example.com", "pw"), null);
        Map<JsonPointer, Secret.Reveal> keys = Json.secretKeys(mapper, new Hooks(List.of(hook)));
        assertEquals(Map.of(JsonPointer.compile("/hooks/0/webhook_url"), Secret.Reveal.URL_ORIGIN,
                            JsonPointer.compile("/hooks/0/headers"), Secret.Reveal.NOTHING,
                            JsonPointer.compile("/hooks/0/smtp/password"), Secret.Reveal.NOTHING), keys,
                     "the keys declared secret and set; routing_key is null");
        assertEquals(Map.of(), Json.secretKeys(mapper, new Smtp("h", null)));
    }

    private String error(String json) {
        return readError(json).getMessage();
    }

    private ApiException readError(String json) {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                                                     () -> mapper.readValue(json, Rule.class));
        ApiException api = Json.badBody(error, mapper);
        assertEquals(400, api.status());
        return api;
    }
}
