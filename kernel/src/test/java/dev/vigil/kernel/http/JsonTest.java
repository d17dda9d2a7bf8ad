package dev.vigil.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
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

    @Test
    void refusesWrongTypesInsteadOfConvertingThem() {
        assertEquals("signal_name: cannot be read from '5' (expected a string)", error("{\"signal_name\":5,\"consecutive\":1}"));
        assertEquals("consecutive: expected a number", error("{\"signal_name\":\"a\",\"consecutive\":\"3\"}"));
        assertEquals("colour: unknown field (known: consecutive, signal_name, until)", error("{\"signal_name\":\"a\",\"consecutive\":1,\"colour\":1}"));
        assertEquals("consecutive: is required", error("{\"signal_name\":\"a\"}"));
        assertEquals("until: cannot be read from 'tomorrow' (expected an ISO-8601 time such as 2026-11-23T10:15:30Z)",
                     error("{\"signal_name\":\"a\",\"consecutive\":1,\"until\":\"tomorrow\"}"));
    }

    @Test
    void brokenJsonSaysWhere() {
        ApiException broken = readError("{\"signal_name\":");
        assertEquals("invalid_json", broken.code());
        assertEquals(true, broken.getMessage().startsWith("the body is not valid JSON at line 1"), broken.getMessage());
    }

    @Test
    void aBadEnumValueListsTheValuesAsTheClientWritesThem() {
        JsonProcessingException error = assertThrows(JsonProcessingException.class,
                                                     () -> mapper.readValue("{\"colour\":\"RED\"}", Paint.class));
        assertEquals("colour: cannot be read from 'RED' (expected one of [red, dark_blue])",
                     Json.badBody(error, mapper).getMessage());
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
