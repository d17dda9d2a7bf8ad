package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dev.vigil.api.http.ApiException;
import dev.vigil.kernel.http.JsonSupportImpl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Secrets sent back masked or left out keep their value; a mask is never taken for a value. */
class WriteOnlySecretsTest {

    private final JsonSupportImpl json = new JsonSupportImpl();
    private final Channel hook = new Channel("hook", ChannelType.WEBHOOK, "https://hooks.example.com/T/KEY", null,
                                             null, Map.of("Authorization", "Bearer t", "X-Team", "ops"), null, null,
                                             null, null, null, null, null);
    private final Channel mail = new Channel("mail", ChannelType.EMAIL, null, null, null, null, null, null,
                                             "vigil@example.com", List.of("ops@example.com"), null,
                                             new Channel.Smtp("mail.example.com", null, null, "vigil", "pw-1", null),
                                             null);

    private Channel kept(String body, Channel current) throws Exception {
        ObjectNode tree = (ObjectNode) json.mapper().readTree(body);
        WriteOnlySecrets.keep(tree, current, json);
        Channel channel = json.mapper().treeToValue(tree, Channel.class);
        WriteOnlySecrets.refuseMasks(channel, json);
        return channel;
    }

    @Test
    void theViewSentBackKeepsEverySecret() throws Exception {
        ObjectNode view = (ObjectNode) json.masked(hook);
        assertEquals("https://hooks.example.com/***", view.get("url").asText());
        assertEquals("***", view.at("/headers/Authorization").asText());
        Channel back = kept(view.toString(), hook);
        assertEquals(hook, back);

        ObjectNode mailView = (ObjectNode) json.masked(mail);
        assertEquals("***", mailView.at("/smtp/password").asText());
        assertEquals(mail, kept(mailView.toString(), mail));
    }

    @Test
    void leftOutSecretsAreKeptNewOnesReplaceAndNullRemoves() throws Exception {
        assertEquals(hook, kept("{\"name\": \"hook\", \"type\": \"webhook\"}", hook));
        Channel rotated = kept("{\"name\": \"hook\", \"type\": \"webhook\", \"headers\": {\"Authorization\": "
                                       + "\"Bearer new\", \"X-Team\": \"***\"}}", hook);
        assertEquals(Map.of("Authorization", "Bearer new", "X-Team", "ops"), rotated.headers());
        assertEquals(hook.url(), rotated.url());
        assertEquals(Map.of(), kept("{\"name\": \"hook\", \"type\": \"webhook\", \"headers\": {}}", hook).headers(),
                     "a map that is sent is the new map");
        assertEquals(Map.of(), kept("{\"name\": \"hook\", \"type\": \"webhook\", \"headers\": null}", hook)
                .headers());
        assertEquals("https://other.example.com/x", kept("{\"name\": \"hook\", \"type\": \"webhook\", "
                + "\"url\": \"https://other.example.com/x\"}", hook).url());

        Channel samePassword = kept("{\"name\": \"mail\", \"type\": \"email\", \"from\": \"vigil@example.com\", "
                + "\"to\": [\"ops@example.com\"], \"smtp\": {\"host\": \"smtp2.example.com\", "
                + "\"username\": \"vigil\"}}", mail);
        assertEquals("pw-1", samePassword.smtp().password());
        assertEquals("smtp2.example.com", samePassword.smtp().host());
        Channel noAuth = kept("{\"name\": \"mail\", \"type\": \"email\", \"from\": \"vigil@example.com\", "
                + "\"to\": [\"ops@example.com\"], \"smtp\": {\"host\": \"mail.example.com\", \"username\": null, "
                + "\"password\": null}}", mail);
        assertEquals(null, noAuth.smtp().password());
    }

    @Test
    void aMaskThatStandsForNothingStoredIsRefusedNamingTheField() {
        ObjectNode view = (ObjectNode) json.masked(hook);
        ApiException copied = refused(view);
        assertEquals(400, copied.status());
        assertTrue(copied.getMessage().startsWith("url: 'https://hooks.example.com/***' is the masked form"),
                   copied.getMessage());

        view.put("url", "https://hooks.example.com/T/NEW");
        view.putObject("headers").put("X-Other", "***");
        ApiException stray = assertThrows(ApiException.class, () -> kept(view.toString(), hook));
        assertTrue(stray.getMessage().startsWith("headers.X-Other: "), stray.getMessage());

        ApiException password = refused((ObjectNode) json.masked(mail));
        assertTrue(password.getMessage().startsWith("smtp.password: "), password.getMessage());
        assertFalse(password.getMessage().contains("pw-1"));
    }

    /** What refuseMasks says of a channel built from {@code tree} as it is, with nothing kept. */
    private ApiException refused(ObjectNode tree) {
        return assertThrows(ApiException.class, () -> WriteOnlySecrets.refuseMasks(
                json.mapper().treeToValue(tree, Channel.class), json));
    }
}
