package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The mail an email channel sends, without SMTP: subject, both parts, the link and the thread headers. */
class EmailMessageTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T12:00:00Z");
    private static final URI PUBLIC = URI.create("https://vigil.example.com/ops");

    private final Channel channel = new Channel("ops-mail", ChannelType.EMAIL, null, null, null, null, null, null,
                                                "alerts@example.com", List.of("ops@example.com"), "[Prod]",
                                                new Channel.Smtp("smtp.example.com", null, null, null, null, null),
                                                null);

    private static Alert fired(Map<String, String> labels) {
        return new Alert(7, "request-latency-p95", labels, "requests.p95_ms", Severity.CRITICAL, Alert.ACTIVE, 6100,
                         5000, "requests.p95_ms{service=shop} is 6100, above the critical threshold 5000", STARTED,
                         STARTED.plusSeconds(60), null, null, null, null, null);
    }

    private EmailMessage mail(Change change, Alert alert, URI publicUrl) {
        return EmailMessage.of(channel, new Notification(change, alert, STARTED.plusSeconds(61)), publicUrl);
    }

    @Test
    void theSubjectIsThePrefixAndTheHeadline() {
        EmailMessage mail = mail(Change.FIRED, fired(Map.of("service", "shop")), null);
        assertEquals("[Prod] [CRITICAL] fired: request-latency-p95 {service=shop}", mail.subject());
    }

    @Test
    void bothPartsCarryEveryField() {
        EmailMessage mail = mail(Change.FIRED, fired(new TreeMap<>(Map.of("service", "shop", "region", "eu"))),
                                 null);
        for (String part : List.of(mail.text(), mail.html())) {
            for (String expected : List.of("request-latency-p95", "critical", "requests.p95_ms",
                                           "region=eu, service=shop", "6100", "5000", "2026-03-01T12:00:00Z",
                                           "active", "above the critical threshold 5000", "#7")) {
                assertTrue(part.contains(expected), () -> "'" + expected + "' missing from\n" + part);
            }
        }
        assertTrue(mail.text().contains("Threshold"), mail.text());
        assertTrue(mail.html().contains("<th>Threshold</th>") || mail.html().contains(">Threshold<"), mail.html());
    }

    @Test
    void theHtmlPartEscapesWhatCameFromOutside() {
        EmailMessage mail = mail(Change.FIRED, fired(Map.of("service", "<script>alert(1)</script>")), null);
        assertFalse(mail.html().contains("<script>"), mail.html());
        assertTrue(mail.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), mail.html());
        assertTrue(mail.text().contains("<script>alert(1)</script>"), "plain text is shown as it is");
    }

    @Test
    void aResolvedAlertSaysSoAndGivesTheValueAtResolution() {
        Alert resolved = new Alert(7, "request-latency-p95", Map.of("service", "shop"), "requests.p95_ms",
                                   Severity.CRITICAL, Alert.RESOLVED, 420, 5000, "back to normal", STARTED,
                                   STARTED.plusSeconds(600), null, STARTED.plusSeconds(120), "alice",
                                   STARTED.plusSeconds(600), "system");
        EmailMessage mail = mail(Change.RESOLVED, resolved, null);
        assertEquals("[Prod] [CRITICAL] resolved: request-latency-p95 {service=shop}", mail.subject());
        for (String part : List.of(mail.text(), mail.html())) {
            assertTrue(part.contains("resolved"), part);
            assertTrue(part.contains("Value at resolution"), part);
            assertTrue(part.contains("420"), part);
            assertTrue(part.contains("alice"), "acknowledged by: " + part);
            assertTrue(part.contains("2026-03-01T12:10:00Z"), "resolved at: " + part);
            assertFalse(part.contains("Current value"), part);
        }
    }

    @Test
    void aTestSaysItIsATest() {
        Alert sample = new Alert(0, "vigil-test", Map.of("channel", "ops-mail"), "alerts.test", Severity.CRITICAL,
                                 Alert.ACTIVE, 1, 0, "This is a test notification from Vigil", STARTED, STARTED,
                                 null, null, null, null, null);
        EmailMessage mail = mail(Change.TEST, sample, PUBLIC);
        assertTrue(mail.subject().contains("test"), mail.subject());
        assertTrue(mail.text().contains("This is a test: no alert fired."), mail.text());
        assertTrue(mail.html().contains("This is a test: no alert fired."), mail.html());
        assertEquals("https://vigil.example.com/ops/#/alerts", mail.link(), "no alert to link to");
        assertNull(mail.threadId(), "a test starts no thread");
    }

    @Test
    void theLinkToTheAlertIsThereOnlyWithAPublicUrl() {
        EmailMessage without = mail(Change.FIRED, fired(Map.of()), null);
        assertNull(without.link());
        assertFalse(without.text().contains("http"), without.text());
        assertFalse(without.html().contains("href"), without.html());

        EmailMessage with = mail(Change.FIRED, fired(Map.of()), PUBLIC);
        assertEquals("https://vigil.example.com/ops/#/alerts/7", with.link());
        assertTrue(with.text().contains("https://vigil.example.com/ops/#/alerts/7"), with.text());
        assertTrue(with.html().contains("href=\"https://vigil.example.com/ops/#/alerts/7\""), with.html());
        assertEquals("https://vigil.example.com/#/alerts/7",
                     mail(Change.FIRED, fired(Map.of()), URI.create("https://vigil.example.com/")).link());
    }

    @Test
    void everyMailOfOneAlertThreadsUnderItsFiring() {
        Alert alert = fired(Map.of("service", "shop"));
        EmailMessage firing = mail(Change.FIRED, alert, null);
        EmailMessage escalation = mail(Change.ESCALATED, alert, null);
        EmailMessage resolution = mail(Change.RESOLVED, alert, null);
        assertEquals(firing.messageId(), firing.threadId(), "the firing is the thread's first mail");
        assertEquals(firing.threadId(), escalation.threadId());
        assertEquals(firing.threadId(), resolution.threadId());
        assertNotEquals(firing.messageId(), escalation.messageId());
        assertNotEquals(escalation.messageId(), resolution.messageId());
        assertTrue(firing.messageId().matches("<alert-7-\\d+@vigil>"), firing.messageId());
        assertTrue(mail(Change.FIRED, alert, PUBLIC).messageId().endsWith("@vigil.example.com>"));
        Alert otherFiring = new Alert(7, alert.rule(), alert.labels(), alert.signal(), alert.severity(),
                                      alert.status(), alert.value(), alert.threshold(), alert.message(),
                                      STARTED.plusSeconds(3600), STARTED.plusSeconds(3600), null, null, null, null,
                                      null);
        assertNotEquals(firing.threadId(), mail(Change.FIRED, otherFiring, null).threadId(),
                        "another alert numbered 7 (another server, a new database) starts its own thread");
    }
}
