package dev.vigil.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.testkit.Promtool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grafana/}: the Prometheus scrape config passes {@code promtool check config}, and every query of the
 * Grafana dashboard is PromQL that Prometheus parses (checked as recording rules by {@code promtool check rules}).
 */
class GrafanaFilesTest {

    private static final Path GRAFANA = Path.of("grafana");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void thePrometheusConfigIsValidAndScrapesMetricsWithABearerToken() throws Exception {
        Path config = Files.copy(GRAFANA.resolve("prometheus.yml"), work.resolve("prometheus.yml"));
        Files.writeString(work.resolve("vigil-viewer-token"), "a-viewer-token\n"); // promtool checks it exists
        assertPromtool("check", "config", config.toString());
        String text = Files.readString(config);
        assertTrue(text.contains("metrics_path: /metrics"), text);
        assertTrue(text.contains("type: Bearer"), text);
        assertTrue(text.contains("scrape_interval: 15s"), text);
    }

    @Test
    void everyDashboardQueryIsPromqlOnVigilsMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(GRAFANA.resolve("vigil-dashboard.json").toFile());
        assertEquals("DS_PROMETHEUS", dashboard.at("/__inputs/0/name").asText());
        List<String> expressions = new ArrayList<>();
        collect(dashboard.get("panels"), expressions);
        for (String metric : List.of("vigil_http_server_request_duration_seconds_count",
                                     "vigil_http_server_request_duration_seconds_bucket", "status_class=\"5xx\"",
                                     "histogram_quantile(0.95", "vigil_errors_total",
                                     "vigil_db_query_duration_seconds_bucket", "vigil_system_cpu_ratio",
                                     "vigil_system_memory_used_bytes", "vigil_system_disk_used_bytes",
                                     "vigil_alerts_fired_total")) {
            assertTrue(expressions.stream().anyMatch(expr -> expr.contains(metric)), metric + " in " + expressions);
        }
        // The dashboard's service variable becomes a regex that matches every service.
        ObjectNode rules = JSON.createObjectNode();
        ArrayNode list = rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
        for (int i = 0; i < expressions.size(); i++) {
            list.addObject().put("record", "dashboard_query_" + i).put("expr",
                                                                       expressions.get(i).replace("$service", ".+"));
        }
        Path file = work.resolve("dashboard-rules.yml"); // JSON is YAML
        JSON.writeValue(file.toFile(), rules);
        assertPromtool("check", "rules", file.toString());
    }

    /** Each panel's query, rows' panels included; every panel reads the dashboard's Prometheus input. */
    private static void collect(JsonNode panels, List<String> expressions) {
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                collect(panel.path("panels"), expressions);
                continue;
            }
            assertEquals("${DS_PROMETHEUS}", panel.at("/datasource/uid").asText(), panel.path("title").asText());
            assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText() + " has no query");
            for (JsonNode target : panel.get("targets")) {
                String expr = target.path("expr").asText();
                assertFalse(expr.isBlank(), panel.path("title").asText() + " has an empty query");
                expressions.add(expr);
            }
        }
    }

    /** Debian's promtool, as CI installs it: exit 0. */
    private static void assertPromtool(String... arguments) throws IOException, InterruptedException {
        Promtool.Result result = Promtool.run(arguments);
        assertEquals(0, result.exitCode(), "promtool " + String.join(" ", arguments) + ": " + result.output());
    }
}
