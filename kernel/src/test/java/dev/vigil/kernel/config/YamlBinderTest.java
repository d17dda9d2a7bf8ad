package dev.vigil.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Secret;

import org.junit.jupiter.api.Test;

class YamlBinderTest {

    record Channel(String url, int retries) {
    }

    record Settings(Duration interval, int retentionDays, Map<String, Integer> thresholds, List<Channel> channels,
                    Level level) {
        Settings {
            if (retentionDays < 1) {
                throw new IllegalArgumentException("retention-days must be at least 1");
            }
        }
    }

    enum Level { WARNING, CRITICAL }

    static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), 30, Map.of("cpu", 70, "memory", 80),
                                                  List.of(new Channel("http://a", 3)), Level.WARNING);

    private final YamlBinder binder = new YamlBinder();

    @Test
    void keysTheFileOmitsKeepTheirDefaultsAndNestedMapsMerge() throws Exception {
        Settings bound = binder.bindText("t.yaml", "retention-days: 7\nthresholds:\n  cpu: 90\n", Settings.class,
                                         DEFAULTS);
        assertEquals(7, bound.retentionDays());
        assertEquals(Duration.ofSeconds(10), bound.interval());
        assertEquals(Map.of("cpu", 90, "memory", 80), bound.thresholds());
        assertEquals(DEFAULTS.channels(), bound.channels());
    }

    @Test
    void listsReplaceDefaultsAndEnumsIgnoreCase() throws Exception {
        Settings bound = binder.bindText("t.yaml", "channels:\n  - url: http://b\n    retries: 1\nlevel: critical\n",
                                         Settings.class, DEFAULTS);
        assertEquals(List.of(new Channel("http://b", 1)), bound.channels());
        assertEquals(Level.CRITICAL, bound.level());
    }

    @Test
    void durationsReadAsPeopleWriteThem() throws Exception {
        assertEquals(Duration.ofMillis(500), interval("500ms"));
        assertEquals(Duration.ofSeconds(15), interval("15s"));
        assertEquals(Duration.ofMinutes(5), interval("5m"));
        assertEquals(Duration.ofHours(2), interval("2h"));
        assertEquals(Duration.ofDays(7), interval("7d"));
        assertEquals(Duration.ofSeconds(90), interval("PT1M30S"));
        assertEquals(Duration.ofSeconds(20), interval("20"));
        ConfigException bad = assertThrows(ConfigException.class, () -> interval("soon"));
        assertTrue(bad.getMessage().contains("'interval'"), bad.getMessage());
    }

    @Test
    void emptyFileGivesTheDefaults() throws Exception {
        assertSame(DEFAULTS, binder.bindText("t.yaml", "", Settings.class, DEFAULTS));
        assertSame(DEFAULTS, binder.bindText("t.yaml", "# only a comment\n", Settings.class, DEFAULTS));
    }

    @Test
    void errorsNameTheFileTheKeyAndWhatWasExpected() {
        assertError("retention-days: many\n", "t.yaml: key 'retention-days': cannot be read from 'many' (expected a whole number)");
        assertError("colour: red\n", "t.yaml: key 'colour': unknown key (known: channels, interval");
        assertError("retention-days: 0\n", "retention-days must be at least 1");
        assertError("level: loud\n", "key 'level'");
        assertError("thresholds: [1, 2\n", "t.yaml: not valid YAML at line");
        assertError("- a\n- b\n", "the top level must be a map");
        assertError("channels:\n  - url: x\n    retries: 1\n    retry: 2\n", "key 'channels[0].retry': unknown key");
        assertError("channels:\n  - url: x\n", "key 'channels[0].retries': is required");
    }

    @Test
    void jacksonsInternalsNeverReachTheMessage() {
        ConfigException overflow = assertThrows(ConfigException.class, () -> binder.bindText(
                "t.yaml", "channels:\n  - url: x\n    retries: 1234567890123\n", Settings.class, DEFAULTS));
        assertEquals("t.yaml: key 'channels[0].retries': must be a whole number between -2147483648 and 2147483647",
                     overflow.getMessage());
        ConfigException wrongShape = assertThrows(ConfigException.class, () -> binder.bindText(
                "t.yaml", "channels:\n  url: x\n", Settings.class, DEFAULTS));
        assertEquals("t.yaml: key 'channels': expected a list", wrongShape.getMessage());
        ConfigException wrongType = assertThrows(ConfigException.class, () -> binder.bindText(
                "t.yaml", "channels:\n  - url: [x]\n    retries: 1\n", Settings.class, DEFAULTS));
        assertEquals("t.yaml: key 'channels[0].url': expected a string", wrongType.getMessage());
    }

    record Hook(@Secret(Secret.Reveal.URL_ORIGIN) String url, @Secret Map<String, String> headers) {
        Hook {
            if (url != null && url.endsWith("/gone")) {
                throw new IllegalArgumentException("url " + url + " answers 410");
            }
        }
    }

    record Secretive(String url, @Secret String apiKey, @Secret String password, Map<String, List<Hook>> hooks,
                     String tokenName) {
    }

    @Test
    void theAdminViewMasksTheValuesOfDeclaredSecretsWhereverTheyNest() {
        var tree = binder.toMaskedTree(new Secretive("http://x", "k-123", "", Map.of("ops", List.of(
                new Hook("https://hooks.example.com/T/KEY", Map.of("Authorization", "Bearer t")))), "ci"));
        assertEquals("http://x", tree.get("url").asText(), "a key is secret because it is declared, not by its name");
        assertEquals("***", tree.get("api-key").asText());
        assertEquals("", tree.get("password").asText(), "an empty secret shows as empty: nothing is set");
        assertEquals("ci", tree.get("token-name").asText());
        assertEquals("https://hooks.example.com/***", tree.at("/hooks/ops/0/url").asText());
        assertEquals("***", tree.at("/hooks/ops/0/headers/Authorization").asText());
    }

    @Test
    void anErrorNeverRepeatsASecretValue() {
        ConfigException error = assertThrows(ConfigException.class, () -> binder.bindText(
                "t.yaml", "api-key: k-123\nhooks:\n  ops:\n    - url: https://hooks.example.com/T/KEY/gone\n",
                Secretive.class, null));
        assertEquals("t.yaml: key 'hooks.ops[0]': url https://hooks.example.com/*** answers 410", error.getMessage());
        assertEquals("api key *** refused", binder.redact("api key k-123 refused",
                                                          new Secretive(null, "k-123", null, Map.of(), null)));
    }

    private Duration interval(String text) throws ConfigException {
        return binder.bindText("t.yaml", "interval: " + text + "\n", Settings.class, DEFAULTS).interval();
    }

    private void assertError(String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class,
                                             () -> binder.bindText("t.yaml", yaml, Settings.class, DEFAULTS));
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
