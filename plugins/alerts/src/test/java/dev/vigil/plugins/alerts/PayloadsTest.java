package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.kernel.http.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private final ObjectMapper mapper = Json.newMapper();
    private final Instant started = Instant.parse("2026-03-01T12:00:00Z");
    private final Alert alert = new Alert(7, "request-latency-p95", Map.of("service", "shop"), "requests.p95_ms",
                                          Severity.CRITICAL, Alert.ACTIVE, 6100, 5000,
                                          "requests.p95_ms{service=shop} is 6100, above the critical threshold 5000",
                                          started, started.plusSeconds(60), null, null, null, null, null);

    private JsonNode json(ChannelType type, Change change) {
        Channel channel = new Channel("c", type, "https://hooks.example.com/x", null, null, null, null, null, null,
                                      null, null, null, null);
        return mapper.valueToTree(Payloads.body(channel, new Notification(change, alert, started.plusSeconds(61))));
    }

    @Test
    void genericWebhookCarriesTheWholeAlert() {
        JsonNode body = json(ChannelType.WEBHOOK, Change.FIRED);
        assertEquals("fired", body.get("event").asText());
        assertEquals(7, body.at("/alert/id").asLong());
        assertEquals("request-latency-p95", body.at("/alert/rule").asText());
        assertEquals("shop", body.at("/alert/labels/service").asText());
        assertEquals("critical", body.at("/alert/severity").asText());
        assertEquals("2026-03-01T12:00:00Z", body.at("/alert/started_at").asText());
        assertEquals("[CRITICAL] fired: request-latency-p95 {service=shop}", body.get("summary").asText());
    }

    @Test
    void slackGetsTextAndAColouredAttachment() {
        JsonNode body = json(ChannelType.SLACK, Change.FIRED);
        assertTrue(body.get("text").asText().startsWith("[CRITICAL] fired: request-latency-p95"));
        assertEquals("#d32f2f", body.at("/attachments/0/color").asText());
        assertEquals("Signal", body.at("/attachments/0/fields/0/title").asText());
        assertEquals("#2e7d32", json(ChannelType.SLACK, Change.RESOLVED).at("/attachments/0/color").asText());
    }

    @Test
    void discordGetsContentAndAnEmbedWithAnIntegerColour() {
        JsonNode body = json(ChannelType.DISCORD, Change.ESCALATED);
        assertEquals("[CRITICAL] escalated: request-latency-p95 {service=shop}", body.get("content").asText());
        assertEquals(0xd32f2f, body.at("/embeds/0/color").asInt());
        assertEquals(alert.message(), body.at("/embeds/0/description").asText());
        assertEquals(List.of("Signal", "Value", "Threshold"),
                     List.of(body.at("/embeds/0/fields/0/name").asText(), body.at("/embeds/0/fields/1/name").asText(),
                             body.at("/embeds/0/fields/2/name").asText()));
    }

    private static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";

    private JsonNode pagerDuty(Change change, Alert alert) {
        Channel channel = new Channel("pd", ChannelType.PAGERDUTY, null, null, null, null, null, null, null, null,
                                      null, null, ROUTING_KEY);
        return mapper.valueToTree(Payloads.body(channel, new Notification(change, alert, started.plusSeconds(61))));
    }

    private JsonNode teams(Change change, Alert alert) {
        Channel channel = new Channel("t", ChannelType.TEAMS, "https://example.webhook.office.com/x", null, null, null,
                                      null, null, null, null, null, null, null);
        return mapper.valueToTree(Payloads.body(channel, new Notification(change, alert, started.plusSeconds(61))));
    }

    private Alert warning() {
        return new Alert(7, "request-latency-p95", Map.of("service", "shop"), "requests.p95_ms", Severity.WARNING,
                         Alert.ACTIVE, 2500, 2000, "requests.p95_ms{service=shop} is 2500, above the warning "
                                 + "threshold 2000", started, started, null, null, null, null, null);
    }

    private Alert escalated() {
        return new Alert(7, alert.rule(), alert.labels(), alert.signal(), Severity.CRITICAL, Alert.ACTIVE, 6100, 5000,
                         alert.message(), started, started.plusSeconds(60), started.plusSeconds(60), null, null, null,
                         null);
    }

    private Alert acknowledged() {
        return new Alert(7, alert.rule(), alert.labels(), alert.signal(), Severity.CRITICAL, Alert.ACTIVE, 6100, 5000,
                         alert.message(), started, started.plusSeconds(90), started.plusSeconds(60),
                         started.plusSeconds(90), "bob", null, null);
    }

    private Alert resolved() {
        return new Alert(7, alert.rule(), alert.labels(), alert.signal(), Severity.CRITICAL, Alert.RESOLVED, 900,
                         5000, alert.message(), started, started.plusSeconds(120), started.plusSeconds(60),
                         started.plusSeconds(90), "bob", started.plusSeconds(120), "alice");
    }

    @Test
    void pagerDutyTriggersOnFiringAndEscalationThenAcknowledgesAndResolvesTheSameAlert() {
        JsonNode fired = pagerDuty(Change.FIRED, warning());
        assertEquals(ROUTING_KEY, fired.get("routing_key").asText());
        assertEquals("trigger", fired.get("event_action").asText());
        assertEquals("vigil-alert-7", fired.get("dedup_key").asText());
        assertEquals("Vigil", fired.get("client").asText());
        assertFalse(fired.has("client_url"), "no URL of ours is known to link to");
        JsonNode payload = fired.get("payload");
        assertEquals("[WARNING] fired: request-latency-p95 {service=shop} - requests.p95_ms{service=shop} is 2500, "
                             + "above the warning threshold 2000", payload.get("summary").asText());
        assertEquals("warning", payload.get("severity").asText());
        assertEquals("shop", payload.get("source").asText());
        assertEquals("2026-03-01T12:00:00Z", payload.get("timestamp").asText());
        assertEquals("requests.p95_ms", payload.get("component").asText());
        assertEquals("shop", payload.get("group").asText());
        assertEquals("request-latency-p95", payload.get("class").asText());
        JsonNode details = payload.get("custom_details");
        assertEquals(7, details.get("alert_id").asLong());
        assertEquals("request-latency-p95", details.get("rule").asText());
        assertEquals("requests.p95_ms", details.get("signal").asText());
        assertEquals("shop", details.at("/labels/service").asText());
        assertEquals(2500, details.get("value").asDouble());
        assertEquals(2000, details.get("threshold").asDouble());
        assertEquals("2026-03-01T12:00:00Z", details.get("started_at").asText());

        // Escalation triggers again under the same key, now critical, at the time it escalated.
        JsonNode escalation = pagerDuty(Change.ESCALATED, escalated());
        assertEquals("trigger", escalation.get("event_action").asText());
        assertEquals("vigil-alert-7", escalation.get("dedup_key").asText());
        assertEquals("critical", escalation.at("/payload/severity").asText());
        assertEquals("2026-03-01T12:01:00Z", escalation.at("/payload/timestamp").asText());
        assertEquals(6100, escalation.at("/payload/custom_details/value").asDouble());

        for (Map.Entry<Change, String> followUp : Map.of(Change.ACKNOWLEDGED, "acknowledge",
                                                          Change.RESOLVED, "resolve").entrySet()) {
            JsonNode event = pagerDuty(followUp.getKey(), followUp.getKey() == Change.RESOLVED ? resolved()
                    : acknowledged());
            assertEquals(followUp.getValue(), event.get("event_action").asText());
            assertEquals("vigil-alert-7", event.get("dedup_key").asText());
            assertEquals(ROUTING_KEY, event.get("routing_key").asText());
            assertFalse(event.has("payload"), "acknowledge and resolve carry only the key: " + event);
        }
    }

    @Test
    void pagerDutySourceIsVigilWhenTheAlertNamesNoServiceAndTheSummaryStaysWithin1024Characters() {
        Alert disk = new Alert(9, "disk", Map.of("mount", "/"), "system.disk_percent", Severity.CRITICAL, Alert.ACTIVE,
                               97, 95, "x".repeat(5000), started, started, null, null, null, null, null);
        JsonNode payload = pagerDuty(Change.FIRED, disk).get("payload");
        assertEquals("vigil", payload.get("source").asText());
        assertFalse(payload.has("group"), payload.toString());
        assertEquals(1024, payload.get("summary").asText().length());
        assertTrue(payload.get("summary").asText().startsWith("[CRITICAL] fired: disk {mount=/} - xxx"));
        assertEquals("critical", payload.get("severity").asText());
    }

    @Test
    void pagerDutyTestIsAnInfoTriggerUnderAKeyOfItsOwn() {
        Alert sample = new Alert(0, "vigil-test", Map.of("channel", "pd"), "alerts.test", Severity.CRITICAL,
                                 Alert.ACTIVE, 1, 0, "This is a test", started, started, null, null, null, null, null);
        JsonNode test = pagerDuty(Change.TEST, sample);
        assertEquals("trigger", test.get("event_action").asText());
        assertEquals("info", test.at("/payload/severity").asText(), "a test must not page anyone urgently");
        assertEquals("vigil-test-pd-" + started.plusSeconds(61).toEpochMilli(), test.get("dedup_key").asText());
    }

    @Test
    void teamsGetsAMessageWithOneAdaptiveCard() {
        JsonNode body = teams(Change.FIRED, alert);
        assertEquals("message", body.get("type").asText());
        assertEquals(1, body.get("attachments").size());
        JsonNode attachment = body.at("/attachments/0");
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").asText());
        assertTrue(attachment.get("contentUrl").isNull());
        JsonNode card = attachment.get("content");
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("http://adaptivecards.io/schemas/adaptive-card.json", card.get("$schema").asText());
        assertEquals("1.4", card.get("version").asText());
        JsonNode headline = card.at("/body/0");
        assertEquals("TextBlock", headline.get("type").asText());
        assertEquals("[CRITICAL] fired: request-latency-p95 {service=shop}", headline.get("text").asText());
        assertEquals("Bolder", headline.get("weight").asText());
        assertEquals("Attention", headline.get("color").asText());
        assertTrue(headline.get("wrap").asBoolean());
        assertEquals(alert.message(), card.at("/body/1/text").asText());
        assertEquals(Map.of("Signal", "requests.p95_ms", "Labels", "service=shop", "Severity", "critical",
                            "Value", "6100.0", "Threshold", "5000.0", "Started", "2026-03-01T12:00:00Z",
                            "Status", "active"), facts(card));

        assertEquals("Warning", teams(Change.FIRED, warning()).at("/attachments/0/content/body/0/color").asText());
        Map<String, String> acknowledged = facts(teams(Change.ACKNOWLEDGED, acknowledged())
                                                         .at("/attachments/0/content"));
        assertEquals("bob at 2026-03-01T12:01:30Z", acknowledged.get("Acknowledged"));
    }

    @Test
    void aResolvedTeamsCardIsGreenAndSaysWhoResolvedIt() {
        JsonNode card = teams(Change.RESOLVED, resolved()).at("/attachments/0/content");
        assertEquals("Good", card.at("/body/0/color").asText());
        assertEquals("[CRITICAL] resolved: request-latency-p95 {service=shop}", card.at("/body/0/text").asText());
        List<String> texts = new ArrayList<>();
        card.get("body").forEach(block -> texts.add(block.path("text").asText()));
        assertTrue(texts.contains("Resolved by alice at 2026-03-01T12:02:00Z"), texts.toString());
        Map<String, String> facts = facts(card);
        assertEquals("resolved", facts.get("Status"));
        assertEquals("alice at 2026-03-01T12:02:00Z", facts.get("Resolved"));
    }

    @Test
    void teamsCardTextIsCutToASaneSize() {
        Alert wordy = new Alert(7, "r", Map.of("service", "s".repeat(3000)), "sig", Severity.WARNING, Alert.ACTIVE, 1,
                                0, "m".repeat(20_000), started, started, null, null, null, null, null);
        JsonNode card = teams(Change.FIRED, wordy).at("/attachments/0/content");
        assertTrue(card.at("/body/0/text").asText().length() <= 300, card.at("/body/0/text").asText());
        assertTrue(card.at("/body/1/text").asText().length() <= 4000);
        assertTrue(card.at("/body/1/text").asText().endsWith("…"));
        facts(card).values().forEach(value -> assertTrue(value.length() <= 1000, value));
    }

    /** The card's FactSet, title to value, in order. */
    private static Map<String, String> facts(JsonNode card) {
        Map<String, String> facts = new LinkedHashMap<>();
        card.get("body").forEach(block -> {
            if ("FactSet".equals(block.path("type").asText())) {
                block.get("facts").forEach(f -> facts.put(f.get("title").asText(), f.get("value").asText()));
            }
        });
        return facts;
    }

    @Test
    void aResolvedAlertReadsAsAResolutionWithTheValueAtResolution() {
        Observation normal = new Observation(alert.key(), alert.signal(), Level.NORMAL, 120,
                                             "requests.p95_ms{service=shop} is 120", 2000.0, 5000.0,
                                             Comparison.GREATER, null, 3, java.time.Duration.ZERO, "f");
        Instant resolvedAt = started.plusSeconds(600);
        Alert resolved = new Alert(7, alert.rule(), alert.labels(), alert.signal(), Severity.CRITICAL, Alert.RESOLVED,
                                   120, 5000, normal.normalMessage(), started, resolvedAt, null, null, null,
                                   resolvedAt, "system");
        String expected = "requests.p95_ms{service=shop} is 120, back below the warning threshold 2000";
        assertEquals(expected, resolved.message());
        Notification notification = new Notification(Change.RESOLVED, resolved, resolvedAt);
        Channel slackChannel = new Channel("c", ChannelType.SLACK, "https://hooks.example.com/x", null, null, null,
                                           null, null, null, null, null, null, null);
        Channel discordChannel = new Channel("c", ChannelType.DISCORD, "https://hooks.example.com/x", null, null,
                                             null, null, null, null, null, null, null, null);
        Channel hookChannel = new Channel("c", ChannelType.WEBHOOK, "https://hooks.example.com/x", null, null, null,
                                          null, null, null, null, null, null, null);

        JsonNode slack = mapper.valueToTree(Payloads.body(slackChannel, notification));
        assertEquals("[CRITICAL] resolved: request-latency-p95 {service=shop}: " + expected,
                     slack.get("text").asText());
        assertEquals(expected, slack.at("/attachments/0/text").asText());
        assertEquals("Value at resolution", slack.at("/attachments/0/fields/1/title").asText());
        assertEquals("120", slack.at("/attachments/0/fields/1/value").asText());

        JsonNode discord = mapper.valueToTree(Payloads.body(discordChannel, notification));
        assertEquals("[CRITICAL] resolved: request-latency-p95 {service=shop}", discord.get("content").asText());
        assertEquals(expected, discord.at("/embeds/0/description").asText());
        assertEquals("Value at resolution", discord.at("/embeds/0/fields/1/name").asText());
        assertEquals("120", discord.at("/embeds/0/fields/1/value").asText());

        JsonNode hook = mapper.valueToTree(Payloads.body(hookChannel, notification));
        assertEquals("resolved", hook.get("event").asText());
        assertEquals("resolved", hook.at("/alert/status").asText());
        assertEquals(120.0, hook.at("/alert/value").asDouble());
        assertEquals(expected, hook.at("/alert/message").asText());

        String line = Payloads.line(notification);
        assertEquals("[CRITICAL] resolved: request-latency-p95 {service=shop} - " + expected, line);
        for (String text : List.of(slack.toString(), discord.toString(), hook.toString(), line)) {
            assertTrue(!text.contains("above the"), text);
        }
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertEquals("plain", Reports.Csv.cell("plain"));
        assertEquals("\"a,b\"", Reports.Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Reports.Csv.cell("say \"hi\""));
        assertEquals("'=SUM(A1)", Reports.Csv.cell("=SUM(A1)"));
        assertEquals("-5", Reports.Csv.cell(-5));
        assertEquals("", Reports.Csv.cell(null));
    }
}
