package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Secrets never reach storage: every kind the issue lists. */
class ScrubberTest {

    private final Scrubber scrubber = new Scrubber(List.of("x-shop-pin"), false);

    @Test
    void valuesOfSensitiveKeysAreFilteredAtAnyDepthWhateverTheirCase() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc.def.ghi");
        headers.put("Cookie", "sid=123");
        headers.put("Accept", "text/html");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("headers", headers);
        request.put("PASSWORD", "hunter2");
        request.put("form", List.of(Map.of("passwd", "x"), Map.of("Api-Key", "k"), Map.of("apiKey", "k2")));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("request", request);
        context.put("client_secret", "s");
        context.put("refresh_token", "t");
        context.put("SESSION_ID", "abc");
        context.put("X-Shop-Pin", "1234");
        context.put("cart_items", 3);

        Map<String, Object> scrubbed = scrubber.scrubMap(context);

        @SuppressWarnings("unchecked")
        Map<String, Object> scrubbedRequest = (Map<String, Object>) scrubbed.get("request");
        @SuppressWarnings("unchecked")
        Map<String, Object> scrubbedHeaders = (Map<String, Object>) scrubbedRequest.get("headers");
        assertEquals(Scrubber.FILTERED, scrubbedHeaders.get("Authorization"));
        assertEquals(Scrubber.FILTERED, scrubbedHeaders.get("Cookie"));
        assertEquals("text/html", scrubbedHeaders.get("Accept"));
        assertEquals(Scrubber.FILTERED, scrubbedRequest.get("PASSWORD"));
        assertEquals(List.of(Map.of("passwd", Scrubber.FILTERED), Map.of("Api-Key", Scrubber.FILTERED),
                             Map.of("apiKey", Scrubber.FILTERED)), scrubbedRequest.get("form"));
        assertEquals(Scrubber.FILTERED, scrubbed.get("client_secret"));
        assertEquals(Scrubber.FILTERED, scrubbed.get("refresh_token"));
        assertEquals(Scrubber.FILTERED, scrubbed.get("SESSION_ID"));
        assertEquals(Scrubber.FILTERED, scrubbed.get("X-Shop-Pin"), "a configured extra key");
        assertEquals(3, scrubbed.get("cart_items"));
    }

    @Test
    void keyValuePairsInsideTextAreFiltered() {
        String scrubbed = scrubber.scrubText("login failed: password=hunter2&user=bob, api_key: 'k-123' "
                                                     + "{\"secret\": \"s3cr3t\"} GET /cb?access_token=tok123#x "
                                                     + "Cookie: sid=abc; Session=xyz");
        assertFalse(scrubbed.contains("hunter2"), scrubbed);
        assertFalse(scrubbed.contains("k-123"), scrubbed);
        assertFalse(scrubbed.contains("s3cr3t"), scrubbed);
        assertFalse(scrubbed.contains("tok123"), scrubbed);
        assertFalse(scrubbed.contains("sid=abc"), scrubbed);
        assertFalse(scrubbed.contains("xyz"), scrubbed);
        assertTrue(scrubbed.contains("user=bob"), scrubbed);
        assertTrue(scrubbed.startsWith("login failed: password=[Filtered]&user=bob"), scrubbed);
    }

    @Test
    void bearerAndBasicCredentialsInsideTextAreFiltered() {
        assertEquals("upstream said 401 for Bearer [Filtered] (retrying)",
                     scrubber.scrubText("upstream said 401 for Bearer eyJhbGciOi.eyJzdWIiOjF9.c2lnbmF0dXJl (retrying)"));
        assertEquals("Authorization: [Filtered]", scrubber.scrubText("Authorization: Bearer abc123"));
        assertEquals("sent basic [Filtered]", scrubber.scrubText("sent basic dXNlcjpwYXNz"));
    }

    @Test
    void cardNumbersPassingLuhnAreFilteredOthersKept() {
        assertEquals("charge [Filtered card] failed", scrubber.scrubText("charge 4111 1111 1111 1111 failed"));
        assertEquals("card [Filtered card].", scrubber.scrubText("card 5500-0000-0000-0004."));
        assertEquals("amex [Filtered card]", scrubber.scrubText("amex 378282246310005"));
        // Not Luhn-valid, an epoch-millisecond time, and a long id: none of them look like a card.
        assertEquals("order 4111111111111112", scrubber.scrubText("order 4111111111111112"));
        assertEquals("at 1763892930000 ms", scrubber.scrubText("at 1763892930000 ms"));
        assertEquals("id 41111111111111110000000", scrubber.scrubText("id 41111111111111110000000"));
        assertEquals("v1.4111111111111111 and 4111111111111111.5",
                     scrubber.scrubText("v1.4111111111111111 and 4111111111111111.5"), "parts of decimal numbers");
        // A card inside a longer run of digit groups is still found.
        assertEquals("paid with [Filtered card] 12/25", scrubber.scrubText("paid with 4111 1111 1111 1111 12/25"));
        assertEquals("ref 1 [Filtered card]", scrubber.scrubText("ref 1 4111-1111-1111-1111"));
        assertEquals("[Filtered card],[Filtered card]", scrubber.scrubText("4111111111111111,5500000000000004"));
        assertEquals("at com.shop.A.b(A.java:42)", scrubber.scrubText("at com.shop.A.b(A.java:42)"));
    }

    @Test
    void luhn() {
        assertTrue(Scrubber.luhnValid("4111111111111111"));
        assertTrue(Scrubber.luhnValid("6011111111111117"));
        assertFalse(Scrubber.luhnValid("4111111111111121"));
    }

    @Test
    void clientIpsAreTruncatedOnlyWhenConfigured() {
        assertEquals("203.0.113.77", scrubber.clientIp("203.0.113.77"));
        Scrubber truncating = new Scrubber(List.of(), true);
        assertEquals("203.0.113.0", truncating.clientIp("203.0.113.77"));
        assertEquals("2001:db8:85a3::", truncating.clientIp("2001:db8:85a3:8d3:1319:8a2e:370:7348"));
        assertEquals(null, truncating.clientIp(null));
    }

    @Test
    void scrubbedTextIsScrubbedAgainUnchanged() {
        String once = scrubber.scrubText("password=hunter2 Bearer abc 4111111111111111");
        assertEquals(once, scrubber.scrubText(once));
    }
}
