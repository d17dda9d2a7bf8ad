package dev.vigil.plugins.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.services.RequestHistory;
import dev.vigil.kernel.http.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The CSV of a report, read back with a CSV reader, holds exactly what its JSON holds, one table per section. */
class CsvReportTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.500Z");

    private static Report report(FakeServices services, String type) {
        return new ReportBuilder(services, System.getLogger("test")).build(type, 24, NOW, 100);
    }

    @Test
    void aDetailedReportsCsvMatchesItsJson() throws Exception {
        Report report = report(new FakeServices().everything(NOW), Report.DETAILED);
        String csv = CsvReport.of(report);
        JsonNode json = Json.newMapper().valueToTree(report);

        CsvTables tables = CsvTables.parse(csv);
        tables.assertMatches(json, Set.of());
        assertEquals(List.of("report", "requests", "requests.slowest_endpoints", "requests.endpoints", "queries",
                             "queries.fingerprints", "queries.findings", "errors", "errors.groups", "system",
                             "system.disks", "alerts", "alerts.alerts", "dependencies"),
                     List.copyOf(tables.names()), "every section, in order; no row of missing");
        assertEquals("detailed", tables.table("report").metric("type"));
        assertEquals("24", tables.table("report").metric("window.hours"));
        assertEquals(List.of("section", "service", "method", "endpoint", "count", "throughput_rps", "avg_ms",
                             "p50_ms", "p95_ms", "p99_ms", "max_ms", "client_errors", "server_errors",
                             "client_error_rate_percent", "server_error_rate_percent"),
                     tables.table("requests.endpoints").header());
        assertEquals("'=HYPERLINK(\"x\")", tables.table("requests.endpoints").rows().get(2).get("endpoint"),
                     "defused, and read back whole");
        assertEquals("'-db, \"primary\"\ntimed out", tables.table("errors.groups").rows().get(0).get("message"));
        assertEquals("'@Warn", tables.table("errors.groups").rows().get(1).get("exception_type"));
        assertEquals("host=h1; mount=/data, x", tables.table("alerts.alerts").rows().get(0).get("labels"));
        assertEquals("12.35", tables.table("system").metric("cpu_percent.avg"));
        assertEquals("5", tables.table("errors").metric("events_by_level.error"));
        assertEquals("1", tables.table("dependencies").metric("vulnerabilities.critical"));
    }

    @Test
    void aSummarysCsvHasNoDetailedTablesAndNamesTheMissingSections() throws Exception {
        FakeServices services = new FakeServices();
        services.with(RequestHistory.class, new FakeServices().everything(NOW).find(RequestHistory.class)
                .orElseThrow());
        Report report = report(services, Report.SUMMARY);
        String csv = CsvReport.of(report);
        CsvTables tables = CsvTables.parse(csv);
        tables.assertMatches(Json.newMapper().valueToTree(report), Set.of());

        assertFalse(tables.has("requests.endpoints"));
        assertFalse(tables.has("errors"));
        assertEquals(List.of("section", "missing_section", "reason"), tables.table("missing").header());
        assertEquals(Map.of("section", "missing", "missing_section", "errors", "reason",
                            "plugin errors is not running"), tables.table("missing").rows().get(1));
        assertTrue(csv.startsWith("section,metric,value\r\nreport,type,summary\r\n"), csv);
        assertTrue(csv.contains("\r\n\r\nsection,service,method,endpoint,"), "tables apart by an empty line");
    }
}
