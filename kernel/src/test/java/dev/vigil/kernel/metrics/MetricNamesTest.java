package dev.vigil.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.kernel.metrics.MetricNames.Kind;

import org.junit.jupiter.api.Test;

/** The names promtool complained about in the old /metrics are refused when a plugin registers them. */
class MetricNamesTest {

    @Test
    void namesPromtoolWouldFlagAreRefusedSayingWhy() {
        assertRefused("vigil_requests_p95_ms", Kind.GAUGE, "abbreviates a unit ('ms')");
        assertRefused("vigil_requests_error_rate_percent", Kind.GAUGE, "abbreviates a unit ('percent')");
        assertRefused("vigil_hello_notes_total", Kind.GAUGE, "ends in _total but is not a counter");
        assertRefused("vigil_requests", Kind.COUNTER, "must end in _total");
        assertRefused("vigil_system_gc_count", Kind.GAUGE, "ends in _count");
        assertRefused("vigil_Requests_total", Kind.COUNTER, "lower-case words");
        assertRefused("requests_total", Kind.COUNTER, "must be vigil_ or otel_");
    }

    @Test
    void helpAndLabelNamesAreChecked() {
        IllegalArgumentException noHelp = assertThrows(IllegalArgumentException.class,
                () -> MetricNames.check("vigil_queue_depth", Kind.GAUGE, " "));
        assertTrue(noHelp.getMessage().contains("needs a help text"), noHelp.getMessage());
        IllegalArgumentException le = assertThrows(IllegalArgumentException.class,
                () -> MetricNames.check("vigil_wait_seconds", Kind.HISTOGRAM, "waits", "le"));
        assertTrue(le.getMessage().contains("label name 'le'"), le.getMessage());
    }

    @Test
    void conventionalNamesPass() {
        MetricNames.check("vigil_http_server_request_duration_seconds", Kind.HISTOGRAM, "durations", "service");
        MetricNames.check("vigil_system_cpu_ratio", Kind.GAUGE, "cpu");
        MetricNames.check("otel_http_client_requests_total", Kind.COUNTER, "from an application", "service");
        assertEquals("vigil_errors", MetricNames.family("vigil_errors_total"));
    }

    @Test
    void aFamilyBelongsToOneOwner() {
        MetricsHub hub = new MetricsHub();
        hub.forPlugin("requests").counter("vigil_requests_ingest_records_total", "records", "outcome");
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> hub.forPlugin("errors").gauge("vigil_requests_ingest_records", "records"));
        assertTrue(taken.getMessage().contains("already registered by plugin requests"), taken.getMessage());
        hub.release("requests");
        hub.forPlugin("errors").gauge("vigil_requests_ingest_records", "records");
    }

    private static void assertRefused(String name, Kind kind, String reason) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                                                      () -> MetricNames.check(name, kind, "help"));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }
}
