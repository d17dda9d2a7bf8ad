package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** The shipped config file and the defaults agree; bad values are refused naming the key. */
class OtlpConfigTest {

    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedFileHoldsTheDefaults() throws Exception {
        Path shipped = Path.of("../../config/plugins/otlp.yaml");
        assertEquals(OtlpConfig.DEFAULTS, binder.bind(shipped, OtlpConfig.class, OtlpConfig.DEFAULTS));
    }

    @Test
    void editsAreBoundAndBadValuesNamed() throws Exception {
        OtlpConfig edited = binder.bindText("otlp.yaml", """
                request-span-kinds: [server]
                quiet-window: 500ms
                traces:
                  sample-percent: 10
                signals:
                  allow-attributes: [http.route]
                """, OtlpConfig.class, OtlpConfig.DEFAULTS);
        assertEquals(List.of(SpanRecord.Kind.SERVER), edited.requestSpanKinds());
        assertEquals(Duration.ofMillis(500), edited.quietWindow());
        assertEquals(10, edited.traces().samplePercent());
        assertEquals(Duration.ofDays(7), edited.traces().retention(), "a key left out keeps its default");
        assertEquals(List.of("http.route"), edited.signals().allowAttributes());

        assertRefused("quiet-window: 1h\n", "quiet-window");
        assertRefused("quiet-window: 5m\n", "orphan-wait");
        assertRefused("max-decompressed-bytes: 1024\n", "max-decompressed-bytes");
        assertRefused("traces:\n  sample-percent: 101\n", "traces.sample-percent");
        assertRefused("signals:\n  max-series: 0\n", "signals.max-series");
        assertRefused("request-span-kinds: [SERVERS]\n", "request-span-kinds");
    }

    private void assertRefused(String yaml, String key) {
        ConfigException refused = assertThrows(ConfigException.class, () -> binder.bindText(
                "otlp.yaml", yaml, OtlpConfig.class, OtlpConfig.DEFAULTS));
        assertTrue(refused.getMessage().contains(key), refused.getMessage());
    }
}
