package dev.vigil.plugins.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.services.AlertHistory;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.kernel.http.Json;
import dev.vigil.plugins.reports.Report.EndpointRow;
import dev.vigil.plugins.reports.Report.Missing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** What a report makes of the services' answers: merged percentiles, rates, caps, and the sections left out. */
class ReportBuilderTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:15:30.500Z");
    private static final System.Logger LOG = System.getLogger("test");

    private static Report build(FakeServices services, String type, int hours, int cap) {
        return new ReportBuilder(services, LOG).build(type, hours, NOW, cap);
    }

    @Test
    void percentilesOverEndpointsComeFromTheMergedHistogramsNotFromAveragingThem() {
        // A busy fast endpoint and a quiet slow one: their p95s average to ~505 ms, but 95% of all requests took 10.
        FakeServices services = new FakeServices().with(RequestHistory.class, new OnlyFigures(List.of(
                FakeServices.endpoint("shop", "GET", "/fast", 0, 0, 1000, 10),
                FakeServices.endpoint("shop", "GET", "/slow", 0, 0, 20, 1000))));
        Report.RequestSection requests = build(services, Report.SUMMARY, 1, 100).requests();

        assertEquals(1020, requests.total());
        assertEquals(10, requests.p95Ms(), 0.1);
        assertEquals(1000, requests.p99Ms(), 10, "the 1009th of 1020 is one of the slow ones");
        assertEquals(10, requests.p50Ms(), 0.1);
        assertEquals(1000, requests.maxMs());
        assertEquals(Math.round((1000 * 10 + 20 * 1000) / 1020.0 * 100) / 100.0, requests.avgMs());
        assertEquals(RequestSummary.PERCENTILES, requests.percentiles());
        assertEquals("/slow", requests.slowestEndpoints().get(0).endpoint());
        assertEquals(1000, requests.slowestEndpoints().get(0).p95Ms());
    }

    @Test
    void requestFiguresLeaveVigilsOwnOutAndCountRatesOverTheWindow() {
        FakeServices services = new FakeServices().everything(NOW);
        Report report = build(services, Report.SUMMARY, 2, 100);
        Report.RequestSection requests = report.requests();

        // The window starts at a minute boundary, and the service is asked for exactly that window.
        assertEquals(Instant.parse("2026-12-07T08:15:00Z"), report.window().from());
        assertEquals(NOW, report.window().to());
        assertEquals(List.of(report.window().from(), NOW), List.of(services.asked.get(0)));
        double seconds = (2 * 3600 + 30.5);

        assertEquals(100 + 10 + 1, requests.total(), "the 50 requests of service vigil are left out");
        assertFalse(requests.ownTrafficIncluded());
        assertEquals(3, requests.endpointCount());
        assertEquals(Math.round(111 / seconds * 10_000) / 10_000.0, requests.throughputRps());
        assertEquals(3, requests.clientErrors());
        assertEquals(2, requests.serverErrors());
        assertEquals(Math.round(300 / 111.0 * 100) / 100.0, requests.clientErrorRatePercent());
        assertEquals(Math.round(200 / 111.0 * 100) / 100.0, requests.serverErrorRatePercent());
        assertEquals(List.of("/pay,\"now\"", "/orders/{id}", "=HYPERLINK(\"x\")"),
                     requests.slowestEndpoints().stream().map(EndpointRow::endpoint).toList(), "by p95");
        assertNull(requests.endpoints(), "a summary lists no endpoint beyond the slowest");

        EndpointRow pay = requests.slowestEndpoints().get(0);
        assertEquals(10, pay.count());
        assertEquals(300, pay.avgMs());
        assertEquals(400, pay.p95Ms(), 4);
        assertEquals(200, pay.p50Ms(), 2, "the lower of the two middle values, as the request plugin answers");
        assertEquals(400, pay.maxMs());
        assertEquals(10.0, pay.serverErrorRatePercent());
    }

    @Test
    void aDetailedReportListsEveryEndpointBusiestFirstUpToTheCap() {
        Report detailed = build(new FakeServices().everything(NOW), Report.DETAILED, 24, 2);
        List<EndpointRow> endpoints = detailed.requests().endpoints();
        assertEquals(List.of("/orders/{id}", "/pay,\"now\""), endpoints.stream().map(EndpointRow::endpoint).toList());
        assertEquals(3, detailed.requests().endpointCount(), "the count says how many there are beyond the cap");
        assertEquals(2, detailed.queries().fingerprints().size());
        assertEquals(2, detailed.alerts().alerts().size());
        assertEquals("/data, x", detailed.alerts().alerts().get(0).labels().get("mount"));

        Report summary = build(new FakeServices().everything(NOW), Report.SUMMARY, 24, 2);
        assertNull(summary.alerts().alerts(), "a summary counts alerts without listing them");
        assertEquals(2, summary.errors().groups().size());
    }

    @Test
    void everySectionIsFilledFromItsService() {
        Report report = build(new FakeServices().everything(NOW), Report.SUMMARY, 24, 100);

        assertEquals(List.of(), report.missing());
        Report.QuerySection queries = report.queries();
        assertEquals(30, queries.statements());
        assertEquals(123.46, queries.totalTimeMs());
        assertEquals(1, queries.nPlusOneFindings(), "one seen in the window: not the old one, not Vigil's own");
        assertEquals(1, queries.repeatedIdenticalFindings());
        assertEquals(List.of("n_plus_one", "repeated_identical"),
                     queries.findings().stream().map(Report.FindingRow::kind).toList());
        assertEquals(5.0, queries.fingerprints().get(0).avgMs());

        assertEquals(7, report.errors().events());
        assertEquals(Map.of("debug", 0L, "info", 0L, "warning", 1L, "error", 5L, "critical", 1L),
                     report.errors().eventsByLevel());
        assertEquals("critical", report.errors().groups().get(0).level());

        assertEquals(12.35, report.system().cpuPercent().avg());
        assertEquals(100.0, report.system().cpuPercent().max());
        assertEquals(List.of("/", "/data, x"), report.system().disks().stream().map(Report.DiskRow::mount).toList());

        assertEquals(2, report.alerts().fired());
        assertEquals(1, report.alerts().activeNow());
        assertTrue(report.dependencies().scanned());
        assertEquals(63, report.dependencies().healthScore());
        assertEquals(1, report.dependencies().vulnerabilities().get("critical"));
    }

    @Test
    void aSectionWhosePluginIsNotRunningIsLeftOutAndTheReportSaysSo() {
        FakeServices services = new FakeServices().everything(NOW);
        FakeServices withoutErrors = new FakeServices();
        withoutErrors.with(RequestHistory.class, services.find(RequestHistory.class).orElseThrow());
        withoutErrors.with(AlertHistory.class, (from, to, limit) -> {
            throw new IllegalStateException("database is locked");
        });
        Report report = build(withoutErrors, Report.SUMMARY, 24, 100);

        assertNotNull(report.requests());
        assertNull(report.errors());
        assertEquals(List.of(new Missing("queries", "plugin queries is not running"),
                             new Missing("errors", "plugin errors is not running"),
                             new Missing("system", "plugin system is not running"),
                             new Missing("alerts", "plugin alerts could not answer (IllegalStateException); the "
                                     + "server log has the details"),
                             new Missing("dependencies", "plugin dependencies is not running")), report.missing());

        JsonNode json = Json.newMapper().valueToTree(report);
        assertFalse(json.has("errors"), "left out of the JSON, not null: " + json);
        assertTrue(json.has("requests"));
        assertEquals("errors", json.at("/missing/1/section").asText());
        assertEquals("plugin errors is not running", json.at("/missing/1/reason").asText());
    }

    @Test
    void anEmptyWindowHasZerosAndNoPercentiles() {
        FakeServices services = new FakeServices().with(RequestHistory.class, new OnlyFigures(List.of()))
                .with(ErrorHistory.class, (from, to, limit) -> new ErrorHistory.ErrorWindow(0, Map.of(), 0,
                                                                                             List.of()));
        Report report = build(services, Report.SUMMARY, 24, 100);
        assertEquals(0, report.requests().total());
        assertNull(report.requests().p95Ms());
        assertEquals(0, report.requests().serverErrorRatePercent());
        assertEquals(0, report.errors().events());
        JsonNode json = Json.newMapper().valueToTree(report);
        assertTrue(json.at("/requests/p95_ms").isNull(), "a figure without data is null, not left out");
    }

    /** RequestHistory answering only window figures. */
    private record OnlyFigures(List<RequestHistory.EndpointFigures> figures) implements RequestHistory {
        @Override
        public List<dev.vigil.api.events.RequestEvent> requests(Instant from, Instant to, int limit) {
            return List.of();
        }

        @Override
        public List<EndpointMinute> endpointMinutes(Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<EndpointFigures> endpointFigures(Instant from, Instant to) {
            return figures;
        }
    }
}
