package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import dev.vigil.api.http.ApiException;
import dev.vigil.kernel.http.JsonSupportImpl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Rules as the API reads them: the server's own JSON conventions (snake_case, no coercion). */
class RuleTest {

    private final JsonSupportImpl jsonSupport = new JsonSupportImpl();
    private final ObjectMapper mapper = jsonSupport.mapper();

    private Rule read(String json) throws JsonProcessingException {
        return mapper.readValue(json, Rule.class);
    }

    private ApiException refused(String json) {
        JsonProcessingException error = assertThrows(JsonProcessingException.class, () -> read(json));
        return BodyErrors.of(error, jsonSupport);
    }

    @Test
    void leftOutFieldsTakeTheirDefaults() throws Exception {
        Rule rule = read("{\"name\": \"slow\", \"signal\": \"requests.p95_ms\", \"warning\": 2000}");
        assertEquals(Aggregation.LAST, rule.aggregation());
        assertEquals(Duration.ofMinutes(5), rule.window());
        assertEquals(Comparison.GREATER, rule.comparison());
        assertEquals(3, rule.consecutive());
        assertEquals(Duration.ofMinutes(15), rule.cooldown());
        assertTrue(rule.enabled());
        assertEquals(Map.of(), rule.labels());
    }

    @Test
    void readsWhatItWrites() throws Exception {
        Rule rule = read("{\"name\": \"cpu\", \"signal\": \"system.cpu_percent\", \"labels\": {\"host\": \"*\"}, "
                                 + "\"aggregation\": \"p95\", \"window\": \"90s\", \"comparison\": \"less\", "
                                 + "\"warning\": 20, \"critical\": 10, \"consecutive\": 2, \"cooldown\": \"1h\", "
                                 + "\"enabled\": false, \"description\": \"idle\"}");
        String json = mapper.writeValueAsString(rule);
        assertTrue(json.contains("\"window\":\"90s\""), json);
        assertTrue(json.contains("\"aggregation\":\"p95\""), json);
        assertEquals(rule, read(json));
    }

    @Test
    void invalidRulesAreRefusedNamingTheField() {
        assertField("warning", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 10, \"critical\": 5}"));
        assertField("warning", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"comparison\": \"less\", "
                                               + "\"warning\": 5, \"critical\": 10}"));
        assertField("warning", refused("{\"name\": \"r\", \"signal\": \"a.b\"}"));
        assertField("signal", refused("{\"name\": \"r\", \"warning\": 1}"));
        assertField("signal", refused("{\"name\": \"r\", \"signal\": \"NoDots\", \"warning\": 1}"));
        assertField("name", refused("{\"name\": \"Bad Name\", \"signal\": \"a.b\", \"warning\": 1}"));
        assertField("aggregation", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, "
                                                   + "\"aggregation\": \"median\"}"));
        assertField("window", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, \"window\": \"soon\"}"));
        assertField("window", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, \"window\": \"2d\"}"));
        assertField("consecutive", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, "
                                                   + "\"consecutive\": 0}"));
        assertField("cooldown", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, \"cooldown\": 5}"));
        assertField("warning", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": \"2000\"}"));
        assertField("labels", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, "
                                              + "\"labels\": {\"Host\": \"x\"}}"));
        assertField("threshold", refused("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 1, "
                                                 + "\"threshold\": 1}"));
    }

    private static void assertField(String field, ApiException error) {
        assertEquals(400, error.status());
        assertEquals(Map.of("field", field), error.details(), error.getMessage());
        assertTrue(error.getMessage().startsWith(field + ":"), error.getMessage());
    }

    @Test
    void levelsFollowTheComparison() throws Exception {
        Rule greater = read("{\"name\": \"r\", \"signal\": \"a.b\", \"warning\": 80, \"critical\": 95}");
        assertEquals(Level.NORMAL, greater.levelOf(80));
        assertEquals(Level.WARNING, greater.levelOf(80.5));
        assertEquals(Level.CRITICAL, greater.levelOf(96));
        Rule less = read("{\"name\": \"r\", \"signal\": \"a.b\", \"comparison\": \"less\", \"warning\": 20, "
                                 + "\"critical\": 10}");
        assertEquals(Level.NORMAL, less.levelOf(25));
        assertEquals(Level.WARNING, less.levelOf(15));
        assertEquals(Level.CRITICAL, less.levelOf(5));
        Rule criticalOnly = read("{\"name\": \"r\", \"signal\": \"a.b\", \"critical\": 0}");
        assertEquals(Level.NORMAL, criticalOnly.levelOf(0));
        assertEquals(Level.CRITICAL, criticalOnly.levelOf(1));
    }

    @Test
    void anEqualRuleIsViolatedByExactlyItsThreshold() throws Exception {
        Rule flag = read("{\"name\": \"down\", \"signal\": \"health.status\", \"comparison\": \"equal\", "
                                 + "\"critical\": 0}");
        assertEquals(Comparison.EQUAL, flag.comparison());
        assertTrue(mapper.writeValueAsString(flag).contains("\"comparison\":\"equal\""));
        assertEquals(Level.CRITICAL, flag.levelOf(0));
        assertEquals(Level.CRITICAL, flag.levelOf(-0.0), "-0 equals 0");
        assertEquals(Level.NORMAL, flag.levelOf(1));
        assertEquals(Level.NORMAL, flag.levelOf(1e-12), "exact: a value near the threshold is not equal to it");
        Rule both = read("{\"name\": \"r\", \"signal\": \"a.b\", \"comparison\": \"equal\", \"warning\": 1, "
                                 + "\"critical\": 0}");
        assertEquals(Level.WARNING, both.levelOf(1));
        assertEquals(Level.CRITICAL, both.levelOf(0));
        assertEquals(Level.NORMAL, both.levelOf(2));
        Rule warningOnly = read("{\"name\": \"r\", \"signal\": \"a.b\", \"comparison\": \"equal\", "
                                        + "\"warning\": 0}");
        assertEquals(Level.WARNING, warningOnly.levelOf(0));

        ApiException same = refused("{\"name\": \"r\", \"signal\": \"a.b\", \"comparison\": \"equal\", "
                                            + "\"warning\": 0, \"critical\": 0}");
        assertField("warning", same);
        assertTrue(same.getMessage().contains("must differ from critical"), same.getMessage());
    }

    @Test
    void messagesSayWhichThresholdIsCrossedAndHowTheValueCameBack() {
        assertEquals("health.status is 0, equal to the critical threshold 0 (down)",
                     observation(Comparison.EQUAL, 0, null, 0.0, "down").message(Severity.CRITICAL));
        assertEquals("health.status is 1, no longer equal to the critical threshold 0 (down)",
                     observation(Comparison.EQUAL, 1, null, 0.0, "down").normalMessage());
        assertEquals("health.status is 1, no longer equal to the warning threshold 2 nor the critical threshold 0",
                     observation(Comparison.EQUAL, 1, 2.0, 0.0, null).normalMessage());
        assertEquals("health.status is 120, back below the warning threshold 2000",
                     observation(Comparison.GREATER, 120, 2000.0, 5000.0, null).normalMessage());
        assertEquals("health.status is 0, back below the critical threshold 0",
                     observation(Comparison.GREATER, 0, null, 0.0, null).normalMessage());
        assertEquals("health.status is 3, back above the warning threshold 0.5",
                     observation(Comparison.LESS, 3, 0.5, 0.1, null).normalMessage());
    }

    private static Observation observation(Comparison comparison, double value, Double warning, Double critical,
                                           String note) {
        return new Observation(new AlertKey("r", Map.of()), "health.status", Level.NORMAL, value,
                               "health.status is " + Statistics.text(value), warning, critical, comparison, note, 1,
                               Duration.ZERO, "f");
    }

    @Test
    void labelMatchersSelectPresentAbsentOrExactLabels() {
        Map<String, String> overall = Map.of();
        Map<String, String> perService = Map.of("service", "shop", "endpoint", "/cart");
        assertTrue(LabelMatchers.matches(Map.of(), perService));
        assertTrue(LabelMatchers.matches(Map.of("service", ""), overall));
        assertTrue(!LabelMatchers.matches(Map.of("service", ""), perService));
        assertTrue(LabelMatchers.matches(Map.of("service", "*"), perService));
        assertTrue(!LabelMatchers.matches(Map.of("service", "*"), overall));
        assertTrue(LabelMatchers.matches(Map.of("service", "shop"), perService));
        assertTrue(!LabelMatchers.matches(Map.of("service", "blog"), perService));
        assertTrue(LabelMatchers.matches(Map.of("service", "!vigil"), perService));
        assertTrue(!LabelMatchers.matches(Map.of("service", "!shop"), perService));
        assertTrue(!LabelMatchers.matches(Map.of("service", "!vigil"), overall), "'!x' needs the label present");
        RuleException bare = assertThrows(RuleException.class,
                                          () -> LabelMatchers.validate("labels", Map.of("service", "!")));
        assertEquals("labels.service", bare.field());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("PT5M"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("15m", Durations.format(Duration.ofMinutes(15)));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
    }
}
