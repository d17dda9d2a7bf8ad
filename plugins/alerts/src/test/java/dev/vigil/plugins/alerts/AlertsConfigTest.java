package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.SignalCatalog;
import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import org.junit.jupiter.api.Test;

/** The shipped config file, read by the kernel's own binder. */
class AlertsConfigTest {

    private static final Path SHIPPED = Path.of("../../config/plugins/alerts.yaml");
    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedFileHoldsTheDefaults() throws Exception {
        assertTrue(Files.exists(SHIPPED), SHIPPED.toAbsolutePath().toString());
        AlertsConfig shipped = binder.bind(SHIPPED, AlertsConfig.class, AlertsConfig.DEFAULTS);
        assertEquals(AlertsConfig.DEFAULTS, shipped);
    }

    @Test
    void defaultRulesUseCatalogSignalsAndTheAgreedThresholds() throws Exception {
        Set<String> catalog = new HashSet<>();
        for (Field field : SignalCatalog.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                catalog.add((String) field.get(null));
            }
        }
        for (Rule rule : AlertsConfig.DEFAULTS.rules()) {
            assertTrue(catalog.contains(rule.signal()), rule.name() + " uses " + rule.signal());
        }
        assertThresholds(SignalCatalog.REQUESTS_P95_MS, 2000.0, 5000.0, 3);
        assertThresholds(SignalCatalog.QUERIES_AVG_MS, 500.0, 2000.0, 3);
        assertThresholds(SignalCatalog.SYSTEM_MEMORY_PERCENT, 80.0, 90.0, 3);
        assertThresholds(SignalCatalog.SYSTEM_CPU_PERCENT, 80.0, 95.0, 3);
        assertThresholds(SignalCatalog.SYSTEM_DISK_PERCENT, 80.0, 95.0, 3);
        assertThresholds(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, 5.0, 10.0, 3);
        assertThresholds(SignalCatalog.ERRORS_CRITICAL_EVENTS, null, 0.0, 1);
        assertThresholds(SignalCatalog.ERRORS_REGRESSIONS, null, 0.0, 1);
        Rule disk = rule(SignalCatalog.SYSTEM_DISK_PERCENT);
        assertEquals(Map.of("mount", "*"), disk.labels(), "disk alerts are per mount");

        // Any request over the queries plugin's query-count-threshold within the window: a warning, per service but
        // Vigil's own.
        Rule flagged = rule(SignalCatalog.QUERIES_FLAGGED_REQUESTS);
        assertThresholds(SignalCatalog.QUERIES_FLAGGED_REQUESTS, 0.0, null, 1);
        assertEquals(Aggregation.MAX, flagged.aggregation());
        assertEquals(Comparison.GREATER, flagged.comparison());
        assertEquals(Map.of("service", "!vigil"), flagged.labels());
        assertTrue(flagged.enabled());
        // A throughput floor depends on the traffic: shipped disabled.
        Rule floor = rule(SignalCatalog.REQUESTS_THROUGHPUT_RPS);
        assertEquals(Comparison.LESS, floor.comparison());
        assertEquals(Map.of("service", ""), floor.labels());
        assertEquals(false, floor.enabled());
    }

    @Test
    void errorRateAndThroughputAreBaselinedSoTheirRegressionsAlert() {
        AlertsConfig defaults = AlertsConfig.DEFAULTS;
        assertTrue(defaults.baseline().signals().contains(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT));
        assertTrue(defaults.baseline().signals().contains(SignalCatalog.REQUESTS_THROUGHPUT_RPS));
        assertTrue(defaults.higherIsBetter(SignalCatalog.REQUESTS_THROUGHPUT_RPS), "a drop is the regression");
        assertTrue(!defaults.higherIsBetter(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT));
        assertEquals(10.0, defaults.regression().minBaselineMean().get(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT));
    }

    private static void assertThresholds(String signal, Double warning, Double critical, int consecutive) {
        Rule rule = rule(signal);
        assertEquals(warning, rule.warning(), signal);
        assertEquals(critical, rule.critical(), signal);
        assertEquals(consecutive, rule.consecutive(), signal);
    }

    private static Rule rule(String signal) {
        return AlertsConfig.DEFAULTS.rules().stream().filter(r -> r.signal().equals(signal)).findFirst()
                .orElseThrow(() -> new AssertionError("no default rule for " + signal));
    }

    @Test
    void invalidFilesAreRefusedNamingTheKey() {
        assertRefused("rules:\n  - name: r\n    signal: a.b\n    warning: 10\n    critical: 5\n",
                      "key 'rules[0]': warning:");
        assertRefused("rules:\n  - name: r\n    signal: a.b\n    warning: 1\n    aggregation: median\n",
                      "key 'rules[0].aggregation'");
        assertRefused("rules:\n  - name: r\n    signal: a.b\n    warning: 1\n  - name: r\n    signal: a.c\n"
                              + "    warning: 1\n", "two rules are named 'r'");
        assertRefused("rules:\n  - name: r\n    signal: a.b\n    warning: 1\n    colour: red\n",
                      "key 'rules[0].colour': unknown key");
        assertRefused("channels:\n  - name: hook\n    type: webhook\n", "url: is required");
        assertRefused("channels:\n  - name: hook\n    type: webhook\n    url: ftp://x\n", "url: must be an http");
        assertRefused("channels:\n  - name: hook\n    type: pager\n", "key 'channels[0].type'");
        assertRefused("evaluation-interval: 0s\n", "evaluation-interval: must be between");
        assertRefused("regression:\n  sensitivity-percent: 0\n", "sensitivity-percent");
        assertRefused("regression:\n  min-baseline-mean: {requests.error_rate_percent: -1}\n",
                      "min-baseline-mean.requests.error_rate_percent: must be");
        assertRefused("rules:\n  - name: r\n    signal: a.b\n    comparison: equal\n    warning: 0\n"
                              + "    critical: 0\n", "warning: must differ from critical");
    }

    private void assertRefused(String yaml, String expected) {
        ConfigException error = assertThrows(ConfigException.class, () -> binder.bindText("alerts.yaml", yaml,
                                                                                           AlertsConfig.class,
                                                                                           AlertsConfig.DEFAULTS));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        AlertsConfig.DeliverySettings delivery = AlertsConfig.DEFAULTS.delivery();
        assertEquals(2_000, delivery.backoffAfter(1).toMillis());
        assertEquals(4_000, delivery.backoffAfter(2).toMillis());
        assertEquals(8_000, delivery.backoffAfter(3).toMillis());
        assertEquals(60_000, delivery.backoffAfter(10).toMillis());
    }
}
