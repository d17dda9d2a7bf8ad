package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.IngestAllowance;
import dev.vigil.api.http.TimestampWindow;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class VitalsParserTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final ObjectMapper json = new ObjectMapper();

    private List<VitalRecord> parse(String body) throws Exception {
        return VitalsParser.parse(IngestAllowance.UNLIMITED, json.readTree(body), 100,
                                  new TimestampWindow(NOW, Duration.ofDays(30), TimestampWindow.DEFAULT_CLOCK_SKEW));
    }

    private ApiException refused(String body) {
        return assertThrows(ApiException.class, () -> parse(body));
    }

    @Test
    void readsVitalsNavigationTimingsAndSlowResources() throws Exception {
        List<VitalRecord> records = parse("""
                {"records": [
                  {"type": "vital", "name": "LCP", "value": 1830.5, "page": "https://shop.example/cart?x=1", "service": "shop"},
                  {"type": "vital", "name": "cls", "value": 0.02, "page": "https://shop.example/cart"},
                  {"type": "navigation", "page": "https://shop.example/", "dns_ms": 3, "load_ms": 950.5},
                  {"type": "resource", "page": "https://shop.example/", "url": "https://cdn.example/app.js?v=3&token=abc",
                   "initiator": "script", "duration_ms": 1500, "transfer_bytes": 20480}
                ]}""");
        assertEquals(5, records.size());
        VitalRecord.Measurement lcp = (VitalRecord.Measurement) records.get(0);
        assertEquals(new PageKey("shop", "/cart"), lcp.page());
        assertEquals(WebVital.LCP, lcp.metric());
        assertEquals(1830.5, lcp.value());
        assertEquals(NOW, lcp.time());
        assertEquals(WebVital.CLS, ((VitalRecord.Measurement) records.get(1)).metric());
        assertEquals(List.of(WebVital.DNS, WebVital.LOAD),
                     records.subList(2, 4).stream().map(r -> ((VitalRecord.Measurement) r).metric()).toList());
        VitalRecord.SlowResource resource = (VitalRecord.SlowResource) records.get(4);
        assertEquals("https://cdn.example/app.js", resource.url());
        assertEquals(20480L, resource.transferBytes());
    }

    @Test
    void aBadRecordRefusesTheBatchNamingIndexAndField() {
        String good = "{\"type\":\"vital\",\"name\":\"LCP\",\"value\":1,\"page\":\"https://a.example/\"}";
        assertTrue(refused("{\"records\":[" + good + ",{\"type\":\"vital\",\"name\":\"LCP\",\"value\":-1,"
                                   + "\"page\":\"https://a.example/\"}]}").getMessage().startsWith("records[1].value"));
        assertTrue(refused("{\"records\":[{\"type\":\"vital\",\"name\":\"XYZ\",\"value\":1,\"page\":\"https://a/\"}]}")
                           .getMessage().startsWith("records[0].name"));
        assertTrue(refused("{\"records\":[{\"type\":\"vital\",\"name\":\"LCP\",\"value\":1,\"page\":\"/relative\"}]}")
                           .getMessage().startsWith("records[0].page"));
        assertTrue(refused("{\"records\":[{\"name\":\"LCP\",\"value\":1,\"page\":\"https://a/\"}]}")
                           .getMessage().startsWith("records[0].type"));
        assertTrue(refused("{\"records\":[{\"type\":\"navigation\",\"page\":\"https://a/\"}]}")
                           .getMessage().startsWith("records[0].load_ms"));
        assertTrue(refused("{\"records\":[{\"type\":\"vital\",\"name\":\"CLS\",\"value\":500,\"page\":\"https://a/\"}]}")
                           .getMessage().startsWith("records[0].value"));
        assertTrue(refused("{\"records\":[{\"type\":\"resource\",\"page\":\"https://a/\",\"url\":\"https://b/x\"}]}")
                           .getMessage().startsWith("records[0].duration_ms"));
        assertTrue(refused("{\"records\":[{\"type\":\"vital\",\"name\":\"LCP\",\"value\":\"fast\","
                                   + "\"page\":\"https://a/\"}]}").getMessage().startsWith("records[0].value"));
        assertEquals("invalid_batch", refused("{\"records\":[]}").code());
        assertEquals("invalid_batch", refused("{\"vitals\":[]}").code());
    }

    @Test
    void timestampsAreOptionalAndBounded() throws Exception {
        String at = "{\"records\":[{\"type\":\"vital\",\"name\":\"TTFB\",\"value\":80,\"page\":\"https://a/\","
                + "\"timestamp\":\"%s\"}]}";
        assertEquals(NOW.minusSeconds(3600), parse(at.formatted(NOW.minusSeconds(3600))).get(0).time());
        assertTrue(refused(at.formatted(NOW.minus(Duration.ofDays(31)))).getMessage()
                           .startsWith("records[0].timestamp"));
        assertTrue(refused(at.formatted(NOW.plus(Duration.ofHours(1)))).getMessage()
                           .startsWith("records[0].timestamp: is more than 5m ahead"));
        assertEquals(NOW, parse(at.formatted(NOW.plusSeconds(60))).get(0).time(), "ahead within 5m: now");
    }

    @Test
    void tooManyRecordsIsRefused() {
        String one = "{\"type\":\"vital\",\"name\":\"LCP\",\"value\":1,\"page\":\"https://a/\"},";
        ApiException error = refused("{\"records\":[" + one.repeat(100) + one.substring(0, one.length() - 1) + "]}");
        assertEquals("batch_too_large", error.code());
    }

    @Test
    void resourceAddressesLoseTheirQueryAndCredentials() {
        assertEquals("https://cdn.example/a.js", VitalsParser.withoutQuery("https://user:pw@cdn.example/a.js?k=1#x"));
        assertEquals("/relative/img.png", VitalsParser.withoutQuery("/relative/img.png?size=2"));
    }
}
