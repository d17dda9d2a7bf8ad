package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class AttributeReaderTest {

    private final AttributeReader reader = new AttributeReader(OtlpConfig.DEFAULTS);

    @Test
    void secretsAreMaskedAsTheyArriveAndTheRestKept() {
        Attributes read = reader.read(List.of(
                attribute("http.request.header.authorization", "Bearer abc.def"),
                attribute("http.request.header.x-api-key", "k-123"),
                attribute("db.connection_string", "Server=db;Password=hunter2"),
                attribute("gen_ai.usage.input_tokens", 120),
                attribute("url.full", "https://bob:s3cret@shop.example/pay?card=4111&access_token=xyz&lang=en"),
                attribute("http.route", "/pay")));
        assertEquals(AttributeReader.MASK, read.get("http.request.header.authorization"));
        assertEquals(AttributeReader.MASK, read.get("http.request.header.x-api-key"));
        assertEquals(AttributeReader.MASK, read.get("db.connection_string"));
        assertEquals(120L, read.get("gen_ai.usage.input_tokens"), "a count of tokens is no secret");
        assertEquals("https://[masked]@shop.example/pay?card=4111&access_token=[masked]&lang=en", read.get("url.full"));
        assertEquals("/pay", read.get("http.route"));
    }

    @Test
    void longValuesAreCutAndTheCountIsBounded() {
        OtlpConfig small = new OtlpConfig(1024, 1024, OtlpConfig.DEFAULTS.requestSpanKinds(),
                                          OtlpConfig.DEFAULTS.quietWindow(), OtlpConfig.DEFAULTS.orphanWait(),
                                          OtlpConfig.DEFAULTS.maxTraceAge(), 1000, OtlpConfig.DEFAULTS.maxSpanAge(),
                                          OtlpConfig.DEFAULTS.maxClockSkew(), OtlpConfig.DEFAULTS.handoffTimeout(),
                                          OtlpConfig.DEFAULTS.handoffRetryFor(), 2, 16, List.of(),
                                          OtlpConfig.DEFAULTS.traces(), OtlpConfig.DEFAULTS.signals(),
                                          OtlpConfig.DEFAULTS.prometheus());
        Attributes read = new AttributeReader(small).read(List.of(attribute("a", "x".repeat(100)), attribute("b", 1),
                                                                  attribute("c", 2)));
        assertEquals(2, read.size());
        assertEquals(16, ((String) read.get("a")).length());
    }

    @Test
    void inlineCredentialsInKeptTextAreMasked() {
        assertEquals("login failed: password=[masked] for bob", SecretText.mask("login failed: password=hunter2 for bob"));
        assertEquals("Authorization: Bearer [masked]", SecretText.mask("Authorization: Bearer eyJhbGciOi"));
        assertEquals("SELECT 1 WHERE a = 2", SecretText.mask("SELECT 1 WHERE a = 2"));
    }
}
