package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import dev.vigil.api.Signal;
import dev.vigil.api.SignalCatalog;

import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void everySignalIsSystemDotKeyAndAValidSignalName() {
        for (Metric metric : Metric.values()) {
            assertEquals("system." + metric.key(), metric.signal());
            Map<String, String> labels = metric.label() == null ? Map.of() : Map.of(metric.label(), "x");
            new Signal(metric.signal(), labels, 1, Instant.EPOCH);
        }
        new Signal(SamplingTask.HEALTH_SIGNAL, Map.of(), 0, Instant.EPOCH);
    }

    @Test
    void theSharedSignalsOfTheCatalogAreAllPublished() {
        for (String shared : new String[] {SignalCatalog.SYSTEM_CPU_PERCENT, SignalCatalog.SYSTEM_CPU_CORE_PERCENT,
                SignalCatalog.SYSTEM_LOAD_1M, SignalCatalog.SYSTEM_MEMORY_PERCENT, SignalCatalog.SYSTEM_SWAP_PERCENT,
                SignalCatalog.SYSTEM_DISK_PERCENT, SignalCatalog.SYSTEM_NET_RX_BYTES_PER_S,
                SignalCatalog.SYSTEM_NET_TX_BYTES_PER_S, SignalCatalog.SYSTEM_PROCESS_CPU_PERCENT,
                SignalCatalog.SYSTEM_HEAP_PERCENT}) {
            assertEquals(shared, Metric.find(shared).orElseThrow().signal());
        }
        assertEquals("core", Metric.CPU_CORE_PERCENT.label());
        assertEquals("mount", Metric.DISK_PERCENT.label());
        assertEquals("interface", Metric.NET_RX_BYTES_PER_S.label());
    }
}
