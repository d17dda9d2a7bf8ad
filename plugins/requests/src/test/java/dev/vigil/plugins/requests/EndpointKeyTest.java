package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.api.http.ApiException;

import org.junit.jupiter.api.Test;

class EndpointKeyTest {

    @Test
    void anIdIsUrlSafeAndParsesBackToTheSameKey() {
        EndpointKey key = new EndpointKey("shop", "GET", "/api/users/{id}/orders?x=é");
        String id = key.id();
        assertTrue(id.matches("[A-Za-z0-9_-]+"), id);
        assertEquals(key, EndpointKey.parse(id));
    }

    @Test
    void aBadIdIsA400NamingTheKey() {
        ApiException notBase64 = assertThrows(ApiException.class, () -> EndpointKey.parse("%%%"));
        assertEquals(400, notBase64.status());
        assertTrue(notBase64.getMessage().startsWith("key:"), notBase64.getMessage());
        assertThrows(ApiException.class, () -> EndpointKey.parse("c2hvcA")); // "shop": no method or endpoint
    }
}
