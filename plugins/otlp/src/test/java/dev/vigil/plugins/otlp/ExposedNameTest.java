package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vigil.plugins.otlp.ExposedName.Kind;

import org.junit.jupiter.api.Test;

class ExposedNameTest {

    @Test
    void namesAreSnakeCaseWithTheirBaseUnitAndCountersEndInTotal() {
        assertEquals("otel_http_server_request_duration_seconds",
                     ExposedName.of("http.server.request.duration", "s", Kind.HISTOGRAM).name());
        assertEquals("otel_jvm_memory_used_bytes", ExposedName.of("jvm.memory.used", "By", Kind.GAUGE).name());
        assertEquals("otel_jvm_memory_used_bytes", ExposedName.of("jvm.memoryUsed_bytes", "By", Kind.GAUGE).name());
        assertEquals("otel_orders_placed_total", ExposedName.of("orders.placed", "{order}", Kind.COUNTER).name());
        assertEquals("otel_orders_total", ExposedName.of("orders.total", "", Kind.COUNTER).name());
        assertEquals("otel_cpu_utilization_ratio", ExposedName.of("cpu.utilization", "1", Kind.GAUGE).name());
        assertEquals("otel_events_total", ExposedName.of("events", "1", Kind.COUNTER).name());
        assertEquals("otel_network_io_bytes_per_second",
                     ExposedName.of("network.io", "By/s", Kind.GAUGE).name());
        assertNull(ExposedName.of("...", "", Kind.GAUGE));
    }

    @Test
    void nonCountersNeverEndInASuffixPrometheusReserves() {
        assertEquals("otel_jvm_thread_count_value", ExposedName.of("jvm.thread.count", "{thread}", Kind.GAUGE).name());
        assertEquals("otel_pool_total_value", ExposedName.of("pool.total", "", Kind.GAUGE).name());
    }

    @Test
    void valuesAreConvertedToTheBaseUnit() {
        assertEquals(0.25, ExposedName.of("checkout.duration", "ms", Kind.HISTOGRAM).scale(250), 1e-12);
        assertEquals(2048, ExposedName.of("heap", "KiBy", Kind.GAUGE).scale(2), 1e-12);
        assertEquals(0.42, ExposedName.of("disk.used", "%", Kind.GAUGE).scale(42), 1e-12);
        assertEquals("otel_disk_used_ratio", ExposedName.of("disk.used", "%", Kind.GAUGE).name());
    }

    @Test
    void attributeKeysBecomeLabelNames() {
        assertEquals("http_route", ExposedName.labelName("http.route"));
        assertEquals("key_5xx", ExposedName.labelName("5xx"));
        assertEquals("db_system_name", ExposedName.labelName("dbSystem.name"));
        assertNull(ExposedName.labelName("--"));
    }
}
