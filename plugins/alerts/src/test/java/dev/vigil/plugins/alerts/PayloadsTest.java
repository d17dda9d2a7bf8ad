package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
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
