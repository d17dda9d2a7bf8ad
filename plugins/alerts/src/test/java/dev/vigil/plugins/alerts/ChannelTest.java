package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** An email channel's own keys: what it refuses names the key, what it leaves out gets a default. */
class ChannelTest {

    private static final Channel.Smtp SMTP = new Channel.Smtp("smtp.example.com", null, null, "vigil", "pw", null);

    private static Channel email(String from, List<String> to, Channel.Smtp smtp) {
        return new Channel("mail", ChannelType.EMAIL, null, null, null, null, null, null, from, to, null, smtp, null);
    }

    private static void assertRefused(String field, Runnable construction) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(error.getMessage().startsWith(field + ":"), error.getMessage());
    }

    @Test
    void anEmailChannelTakesDefaultsForWhatItLeavesOut() {
        Channel channel = email(" Vigil <alerts@example.com> ", List.of("ops@example.com"), SMTP);
        assertEquals("Vigil <alerts@example.com>", channel.from());
        assertEquals("[Vigil]", channel.subjectPrefix());
        assertEquals(Channel.Tls.STARTTLS, channel.smtp().tls());
        assertEquals(587, channel.smtp().port());
        assertEquals(Duration.ofSeconds(10), channel.smtp().timeout());
        assertEquals(465, new Channel.Smtp("h", null, Channel.Tls.TLS, null, null, null).port());
        assertEquals(25, new Channel.Smtp("h", null, Channel.Tls.NONE, null, null, null).port());
    }

    @Test
    void badAddressesAreRefusedNamingTheField() {
        assertRefused("from", () -> email("not an address", List.of("ops@example.com"), SMTP));
        assertRefused("from", () -> email(null, List.of("ops@example.com"), SMTP));
        assertRefused("to[1]", () -> email("alerts@example.com", List.of("ops@example.com", "ops@"), SMTP));
        assertRefused("to", () -> email("alerts@example.com", List.of(), SMTP));
    }

    @Test
    void theSmtpServerIsRequiredAndCheckedNamingTheField() {
        assertRefused("smtp", () -> email("alerts@example.com", List.of("ops@example.com"), null));
        assertRefused("smtp.host", () -> new Channel.Smtp(" ", 25, null, null, null, null));
        assertRefused("smtp.host", () -> new Channel.Smtp("smtp.example.com/x", 25, null, null, null, null));
        assertRefused("smtp.port", () -> new Channel.Smtp("smtp.example.com", 70000, null, null, null, null));
        assertRefused("smtp.timeout", () -> new Channel.Smtp("smtp.example.com", null, null, null, null,
                                                            Duration.ofMinutes(5)));
    }

    @Test
    void authenticationNeedsBothAUsernameAndAPassword() {
        assertRefused("smtp.password", () -> new Channel.Smtp("smtp.example.com", null, null, "vigil", null, null));
        assertRefused("smtp.username", () -> new Channel.Smtp("smtp.example.com", null, null, null, "pw", null));
    }

    @Test
    void emailKeysAreRefusedOnOtherChannelsAndHttpKeysOnEmail() {
        assertRefused("smtp", () -> new Channel("hook", ChannelType.WEBHOOK, "https://example.com/h", null, null,
                                                null, null, null, null, null, null, SMTP, null));
        assertRefused("url", () -> new Channel("mail", ChannelType.EMAIL, "https://example.com/h", null, null, null,
                                               null, null, "alerts@example.com", List.of("ops@example.com"), null,
                                               SMTP, null));
        assertRefused("subject-prefix", () -> new Channel("mail", ChannelType.EMAIL, null, null, null, null, null,
                                                          null, "alerts@example.com", List.of("ops@example.com"),
                                                          "[Vigil]\nBcc: someone@example.com", SMTP, null));
    }

    @Test
    void theSmtpPasswordIsRedactedFromErrors() {
        Channel channel = email("alerts@example.com", List.of("ops@example.com"), new Channel.Smtp(
                "smtp.example.com", null, null, "vigil", "hunter2-pw", null));
        assertEquals("535 bad login for vigil with ***", channel.redact("535 bad login for vigil with hunter2-pw"));
    }

    @Test
    void theShippedFilesEmailExampleIsAValidChannel() throws Exception {
        List<String> example = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("../../config/plugins/alerts.yaml"))) {
            inside = inside || line.startsWith("#   - name: ops-mail");
            if (inside && !line.startsWith("#")) {
                break;
            }
            if (inside) {
                example.add(line.substring(1));
            }
        }
        assertTrue(example.size() > 5, "the commented-out email channel in config/plugins/alerts.yaml");
        AlertsConfig config = new YamlBinder().bindText("alerts.yaml", "channels:\n" + String.join("\n", example),
                                                        AlertsConfig.class, AlertsConfig.DEFAULTS);
        Channel channel = config.channels().get(0);
        assertEquals(ChannelType.EMAIL, channel.type());
        assertEquals(List.of("ops@example.com", "oncall@example.com"), channel.to());
        assertEquals(Channel.Tls.STARTTLS, channel.smtp().tls());
        assertEquals("vigil", channel.smtp().username());
    }
}
