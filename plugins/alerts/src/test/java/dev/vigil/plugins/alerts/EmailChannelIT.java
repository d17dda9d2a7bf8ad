package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestDatabase;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Email channels through the packaged plugin (Jakarta Mail inside PF4J's plugin class loader) to GreenMail, a real
 * SMTP server: STARTTLS with authentication (through {@link StartTlsFront}, as GreenMail has no STARTTLS),
 * implicit TLS, a wrong password, an unreachable server, and a server that does not offer the STARTTLS required.
 */
class EmailChannelIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String USER = "vigil";
    private static final String PASSWORD = "s3cret-smtp-pw";
    private static final Map<String, String> ROOT = Map.of("mount", "/");
    private static final String PUBLIC_URL = "https://vigil.example.com/ops";

    private static SmtpCertificate certificate;
    private static SSLContext jvmDefault;

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(new ServerSetup[] {
            ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort(),
            ServerSetupTest.SMTPS.createCopy("127.0.0.1").dynamicPort()})
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, PASSWORD));

    /**
     * The test servers present a self-signed certificate. The channel verifies certificates the way the JVM does,
     * against its default trust store, as it must in production; so the test makes this JVM's default trust the
     * test certificate (what {@code -Djavax.net.ssl.trustStore} does for a private CA), and changes nothing in the
     * plugin. GreenMail's SMTPS reads its key store from system properties when it first starts.
     */
    @BeforeAll
    static void trustTheTestCertificate() throws Exception {
        certificate = SmtpCertificate.create(Path.of("target", "smtp-test"));
        System.setProperty("greenmail.tls.keystore.file", certificate.keyStoreFile().toAbsolutePath().toString());
        System.setProperty("greenmail.tls.keystore.password", SmtpCertificate.PASSWORD);
        System.setProperty("greenmail.tls.key.password", SmtpCertificate.PASSWORD);
        jvmDefault = SSLContext.getDefault();
        SSLContext.setDefault(certificate.trustingContext());
    }

    @AfterAll
    static void restoreTheJvmTrust() {
        if (jvmDefault != null) {
            SSLContext.setDefault(jvmDefault);
        }
    }

    private static String config(String tls, int port, String password) {
        return Harness.diskAlertsConfig(2, """
                  - name: ops-mail
                    type: email
                    from: Vigil <alerts@example.com>
                    to: [ops@example.com, oncall@example.com]
                    subject-prefix: "[Vigil]"
                    smtp:
                      host: 127.0.0.1
                      port: PORT
                      tls: TLS
                      username: vigil
                      password: PASSWORD
                      timeout: 5s
                """.replace("PORT", Integer.toString(port)).replace("TLS", tls).replace("PASSWORD", password));
    }

    private static JsonNode deliveries(Harness h) {
        return h.deliveries("?channel=ops-mail");
    }

    /** The channel's delivery records once {@code count} are there, newest first. */
    private static JsonNode awaitDeliveries(Harness h, int count) {
        return TestServer.awaitValue(WAIT, count + " delivery records", () -> {
            JsonNode records = deliveries(h);
            return records.size() >= count ? records : null;
        });
    }

    private static List<MimeMessage> received(String subjectPart) throws MessagingException {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage message : GREENMAIL.getReceivedMessages()) {
            if (message.getSubject().contains(subjectPart)) {
                found.add(message);
            }
        }
        return found;
    }

    private static List<MimeMessage> awaitReceived(String subjectPart, int count) {
        return TestServer.awaitValue(WAIT, count + " mails with '" + subjectPart + "'", () -> {
            try {
                List<MimeMessage> found = received(subjectPart);
                return found.size() >= count ? found : null;
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Set<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(a -> ((InternetAddress) a).getAddress()).collect(Collectors.toSet());
    }

    @Test
    void aFiredAlertIsMailedOverStartTlsWithAuthenticationAndItsResolutionThreadsUnderIt() throws Exception {
        try (StartTlsFront front = new StartTlsFront(certificate.serverContext(), GREENMAIL.getSmtp().getPort());
             Harness h = Harness.start(TestDatabase.SQLITE, config("starttls", front.port(), PASSWORD),
                                       PUBLIC_URL)) {
            h.step("test.disk_percent", ROOT, 97);
            long id = h.activeAlerts().get(0).get("id").asLong();

            // GreenMail keeps one copy per recipient.
            List<MimeMessage> fired = awaitReceived("fired", 2);
            MimeMessage mail = fired.get(0);
            assertEquals("[Vigil] [CRITICAL] fired: disk {mount=/}", mail.getSubject());
            InternetAddress from = (InternetAddress) mail.getFrom()[0];
            assertEquals("alerts@example.com", from.getAddress());
            assertEquals("Vigil", from.getPersonal());
            assertEquals(Set.of("ops@example.com", "oncall@example.com"),
                         addresses(mail.getRecipients(Message.RecipientType.TO)));
            assertEquals("auto-generated", mail.getHeader("Auto-Submitted", null));

            assertTrue(mail.getContentType().startsWith("multipart/alternative"), mail.getContentType());
            Multipart parts = (Multipart) mail.getContent();
            assertEquals(2, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"), parts.getBodyPart(0).getContentType());
            assertTrue(parts.getBodyPart(1).isMimeType("text/html"), parts.getBodyPart(1).getContentType());
            assertTrue(parts.getBodyPart(0).getContentType().toLowerCase(Locale.ROOT).contains("utf-8"));
            String text = (String) parts.getBodyPart(0).getContent();
            String html = (String) parts.getBodyPart(1).getContent();
            String link = PUBLIC_URL + "/#/alerts/" + id;
            for (String expected : List.of("disk", "test.disk_percent", "mount=/", "97", "95", "critical", link)) {
                assertTrue(text.contains(expected), () -> "'" + expected + "' missing from the text part:\n" + text);
                assertTrue(html.contains(expected), () -> "'" + expected + "' missing from the HTML part:\n" + html);
            }
            assertTrue(html.contains("href=\"" + link + "\""), html);

            JsonNode delivered = awaitDeliveries(h, 1).get(0);
            assertEquals("delivered", delivered.get("outcome").asText(), delivered.toString());
            assertEquals(250, delivered.get("status_code").asInt(), delivered.toString());
            assertEquals(id, delivered.get("alert_id").asLong());

            // Only the greeting's EHLO and STARTTLS went in the clear; the login came under TLS.
            Set<String> plain = front.plainCommands().stream().map(c -> c.split(" ")[0]).collect(Collectors.toSet());
            assertEquals(Set.of("EHLO", "STARTTLS"), plain, front.plainCommands().toString());
            assertTrue(front.tlsCommands().stream().anyMatch(c -> c.startsWith("AUTH ")), front.tlsCommands()
                    .toString());

            h.step("test.disk_percent", ROOT, 10);
            MimeMessage resolved = awaitReceived("resolved", 2).get(0);
            assertEquals("[Vigil] [CRITICAL] resolved: disk {mount=/}", resolved.getSubject());
            Multipart resolvedParts = (Multipart) resolved.getContent();
            String resolvedText = (String) resolvedParts.getBodyPart(0).getContent();
            assertTrue(resolvedText.contains("Value at resolution: 10"), resolvedText);
            String firedId = mail.getMessageID();
            assertEquals(firedId, resolved.getHeader("In-Reply-To", null), "mail clients thread it under the firing");
            assertTrue(resolved.getHeader("References", null).contains(firedId));
            TestServer.await(WAIT, "the resolution's delivery", () -> deliveries(h).size() == 2
                    && deliveries(h).get(0).get("outcome").asText().equals("delivered"));
        }
    }

    /**
     * What the issue asks a user can do: add an email channel through the API, press test and get the mail, then get
     * the next fired alert by mail; the password stays write-only all along.
     */
    @Test
    void anEmailChannelAddedThroughTheApiIsTestedThenMailsTheNextAlert() throws Exception {
        String rulesOnly = config("none", 1, PASSWORD);
        rulesOnly = rulesOnly.substring(0, rulesOnly.indexOf("channels:"));
        try (StartTlsFront front = new StartTlsFront(certificate.serverContext(), GREENMAIL.getSmtp().getPort());
             Harness h = Harness.start(TestDatabase.SQLITE, rulesOnly, PUBLIC_URL)) {
            HttpResult created = h.server.put("/api/v1/alerts/channels/ops-mail", """
                    {"type": "email", "from": "Vigil <alerts@example.com>", "to": ["ops@example.com"],
                     "smtp": {"host": "127.0.0.1", "port": %d, "tls": "starttls", "username": "vigil",
                              "password": "%s"}}
                    """.formatted(front.port(), PASSWORD), h.server.adminToken());
            assertEquals(201, created.status(), created.body());
            assertEquals("***", created.json().at("/smtp/password").asText(), created.body());

            HttpResult tested = h.server.post("/api/v1/alerts/channels/ops-mail/test", "", h.server.adminToken());
            assertEquals(200, tested.status(), tested.body());
            assertEquals("delivered", tested.json().at("/delivery/outcome").asText(), tested.body());
            assertEquals(250, tested.json().at("/delivery/status_code").asInt(), tested.body());
            MimeMessage test = awaitReceived("test", 1).get(0);
            assertEquals(Set.of("ops@example.com"), addresses(test.getRecipients(Message.RecipientType.TO)));
            String testText = (String) ((Multipart) test.getContent()).getBodyPart(0).getContent();
            assertTrue(testText.contains("test"), testText);

            h.step("test.disk_percent", ROOT, 97);
            MimeMessage fired = awaitReceived("fired", 1).get(0);
            assertEquals("[Vigil] [CRITICAL] fired: disk {mount=/}", fired.getSubject());
            JsonNode records = awaitDeliveries(h, 2);
            assertEquals("fired", records.get(0).get("change").asText(), records.toString());
            assertEquals("test", records.get(1).get("change").asText(), records.toString());
            assertFalse(records.toString().contains(PASSWORD), records.toString());
        }
    }

    @Test
    void implicitTlsDeliversToo() throws Exception {
        try (Harness h = Harness.start(TestDatabase.SQLITE, config("tls", GREENMAIL.getSmtps().getPort(),
                                                                    PASSWORD))) {
            h.step("test.disk_percent", ROOT, 97);
            MimeMessage mail = awaitReceived("fired", 2).get(0);
            assertEquals("[Vigil] [CRITICAL] fired: disk {mount=/}", mail.getSubject());
            JsonNode delivered = awaitDeliveries(h, 1).get(0);
            assertEquals("delivered", delivered.get("outcome").asText(), delivered.toString());
            String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
            assertFalse(text.contains("http"), "no public-url, no link: " + text);
        }
    }

    @Test
    void aCertificateTheJvmDoesNotTrustGetsNoMail() throws Exception {
        SSLContext.setDefault(jvmDefault);
        try (Harness h = Harness.start(TestDatabase.SQLITE, config("tls", GREENMAIL.getSmtps().getPort(),
                                                                    PASSWORD))) {
            h.step("test.disk_percent", ROOT, 97);
            JsonNode attempts = awaitDeliveries(h, 2);
            assertEquals("gave_up", attempts.get(0).get("outcome").asText(), attempts.toString());
            assertTrue(attempts.get(0).get("error").asText().contains("certification path"), attempts.toString());
            assertEquals(0, GREENMAIL.getReceivedMessages().length);
        } finally {
            SSLContext.setDefault(certificate.trustingContext());
        }
    }

    @Test
    void aWrongPasswordGivesUpAtOnceWith535AndIsShownNowhere() throws Exception {
        String wrong = "wrong-pw-4711";
        try (LogCapture log = LogCapture.start();
             Harness h = Harness.start(TestDatabase.SQLITE, config("none", GREENMAIL.getSmtp().getPort(), wrong))) {
            h.step("test.disk_percent", ROOT, 97);
            JsonNode attempts = awaitDeliveries(h, 1);
            TestServer.await(WAIT, "the give-up to be logged", () -> !log.linesWith("could not be sent").isEmpty());
            assertEquals(1, deliveries(h).size(), "a refused login is not tried again: " + attempts);
            JsonNode attempt = attempts.get(0);
            assertEquals("gave_up", attempt.get("outcome").asText(), attempt.toString());
            assertEquals(535, attempt.get("status_code").asInt(), attempt.toString());
            assertTrue(attempt.get("error").asText().contains("535"), attempt.toString());
            assertEquals(0, GREENMAIL.getReceivedMessages().length);

            assertFalse(attempt.toString().contains(wrong), attempt.toString());
            assertFalse(String.join("\n", log.lines()).contains(wrong), "the log shows the password");
            JsonNode smtp = h.server.get("/api/v1/admin/plugins/alerts", h.server.viewerToken()).json()
                    .at("/config/values/channels/0/smtp");
            assertEquals("***", smtp.get("password").asText(), smtp.toString());
            assertEquals("vigil", smtp.get("username").asText());
        }
    }

    @Test
    void anUnreachableServerIsTriedAgainThenGivenUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Harness h = Harness.start(TestDatabase.SQLITE, config("starttls", closedPort, PASSWORD))) {
            h.step("test.disk_percent", ROOT, 97);
            JsonNode attempts = awaitDeliveries(h, 2);
            // Newest first.
            assertEquals("gave_up", attempts.get(0).get("outcome").asText(), attempts.toString());
            assertEquals(2, attempts.get(0).get("attempt").asInt());
            assertEquals("failed", attempts.get(1).get("outcome").asText(), attempts.toString());
            assertEquals(1, attempts.get(1).get("attempt").asInt());
            assertTrue(attempts.get(1).get("status_code").isNull(), "no SMTP server answered: " + attempts);
            assertTrue(attempts.get(1).get("error").asText().contains(Integer.toString(closedPort)),
                       attempts.toString());
        }
    }

    @Test
    void aServerThatDoesNotOfferTheRequiredStartTlsGetsNoMail() throws Exception {
        // GreenMail's plain port offers no STARTTLS: the channel must not fall back to sending in the clear.
        try (Harness h = Harness.start(TestDatabase.SQLITE, config("starttls", GREENMAIL.getSmtp().getPort(),
                                                                    PASSWORD))) {
            h.step("test.disk_percent", ROOT, 97);
            JsonNode attempts = awaitDeliveries(h, 2);
            assertEquals("gave_up", attempts.get(0).get("outcome").asText(), attempts.toString());
            assertTrue(attempts.get(0).get("error").asText().contains("STARTTLS"), attempts.toString());
            assertEquals(0, GREENMAIL.getReceivedMessages().length);
        }
    }
}
