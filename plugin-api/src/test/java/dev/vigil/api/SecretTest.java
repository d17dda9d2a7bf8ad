package dev.vigil.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.api.Secret.Reveal;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void aUrlKeepsItsSchemeAndHostOnly() {
        assertEquals("https://hooks.slack.com/***", Reveal.URL_ORIGIN.mask("https://hooks.slack.com/services/T0/B0/KEY"));
        assertEquals("http://127.0.0.1:9000/***", Reveal.URL_ORIGIN.mask("http://127.0.0.1:9000/hook?key=abc"));
        assertEquals("https://example.com/***", Reveal.URL_ORIGIN.mask("https://bob:pw@example.com/x"));
        assertEquals("jdbc:postgresql://db:5432/***",
                     Reveal.URL_ORIGIN.mask("jdbc:postgresql://db:5432/odc?user=odc&password=hunter2"));
        assertEquals("jdbc:sqlite:***", Reveal.URL_ORIGIN.mask("jdbc:sqlite:/srv/vigil.db"));
        assertEquals("***", Reveal.URL_ORIGIN.mask("not a url"));
    }

    @Test
    void otherSecretsShowNothingAndUnsetValuesStayUnset() {
        assertEquals("***", Reveal.NOTHING.mask("Bearer abc"));
        assertEquals("", Reveal.NOTHING.mask(""));
        assertNull(Reveal.URL_ORIGIN.mask(null));
    }

    @Test
    void redactingTextRemovesTheUrlTheKeyInItsPathAndItsUserPart() {
        String url = "https://bob:pw@hooks.example.com/hook/KEY-1?sig=2";
        assertEquals("POST https://hooks.example.com/*** failed: no hook at /***; user *** refused",
                     Reveal.URL_ORIGIN.redact("POST " + url + " failed: no hook at /hook/KEY-1?sig=2; user bob:pw "
                                                      + "refused", url));
        assertEquals("header was ***", Reveal.NOTHING.redact("header was Bearer abc", "Bearer abc"));
        assertEquals("nothing to hide", Reveal.NOTHING.redact("nothing to hide", ""));
    }
}
