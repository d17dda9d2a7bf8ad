package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    private static DashboardConfig with(Duration refresh, int maxClients, int slowMs) {
        DashboardConfig d = DashboardConfig.DEFAULTS;
        return new DashboardConfig(d.title(), refresh, maxClients, d.streamQueueCapacity(), d.streamKeepalive(),
                                   d.vitalsRetention(), d.vitalsMaxRecords(), d.maxPages(), slowMs,
                                   d.agentFlushInterval());
    }

    @Test
    void invalidValuesAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(Duration.ofSeconds(1), 5, 1000))
                           .getMessage().startsWith("refresh-interval must be between 5s and 1h"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(Duration.ofSeconds(30), 0, 1000))
                           .getMessage().startsWith("max-stream-clients"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> with(Duration.ofSeconds(30), 5, 0))
                           .getMessage().startsWith("slow-resource-ms"));
    }
}
