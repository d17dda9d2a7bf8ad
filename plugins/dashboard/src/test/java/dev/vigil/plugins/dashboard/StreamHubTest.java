package dev.vigil.plugins.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.Signal;
import dev.vigil.api.events.AlertEvent;
import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StreamHubTest {

    private final StreamHub hub = new StreamHub(new ObjectMapper().findAndRegisterModules());

    @Test
    void eachClientGetsWhatItAskedFor() throws Exception {
        StreamClient cpu = hub.connect("a", SignalFilter.parse("system.", false), 100, 10);
        StreamClient all = hub.connect("b", SignalFilter.ALL_OVERALL, 100, 10);
        hub.signal(Signal.of("system.cpu_percent", 42.5, Instant.EPOCH));
        hub.signal(Signal.of("requests.p95_ms", 120, Instant.EPOCH));
        hub.alert(new AlertEvent(Instant.EPOCH, "7", "cpu", Map.of(), "warning", "FIRED", "system.cpu_percent", 91,
                                 "cpu high", "system"));

        List<StreamEvent> ofCpu = cpu.take(Duration.ofMillis(10), 100);
        assertEquals(List.of("signal", "alert"), ofCpu.stream().map(StreamEvent::name).toList());
        assertTrue(ofCpu.get(0).data().contains("\"value\":42.5"), ofCpu.get(0).data());
        assertEquals(3, all.take(Duration.ofMillis(10), 100).size());
    }

    @Test
    void aSlowClientLosesEventsCountedWhileOthersGetThemAll() throws Exception {
        StreamClient slow = hub.connect("slow", SignalFilter.ALL_OVERALL, 10, 10);
        StreamClient fast = hub.connect("fast", SignalFilter.ALL_OVERALL, 1000, 10);
        for (int i = 0; i < 25; i++) {
            hub.signal(Signal.of("system.cpu_percent", i, Instant.EPOCH));
        }
        assertEquals(25, fast.take(Duration.ofMillis(10), 1000).size());
        List<StreamEvent> kept = slow.take(Duration.ofMillis(10), 1000);
        assertEquals(10, kept.size());
        assertEquals(15, slow.takeDropped());
        assertEquals(0, slow.takeDropped());
        assertTrue(kept.get(0).data().contains("\"value\":0.0"), "the oldest are kept: " + kept.get(0).data());
    }

    @Test
    void closingWakesAWaitingClientAndRefusesNewOnes() throws Exception {
        StreamClient client = hub.connect("a", SignalFilter.ALL_OVERALL, 10, 10);
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hub.close();
        });
        assertTrue(client.take(Duration.ofSeconds(30), 10).isEmpty());
        assertTrue(client.closed());
        closer.join();
        assertThrows(ApiException.class, () -> hub.connect("b", SignalFilter.ALL_OVERALL, 10, 10));
    }

    @Test
    void theClientLimitIsA503AndLeavingFreesAPlace() {
        StreamClient first = hub.connect("a", SignalFilter.ALL_OVERALL, 10, 1);
        ApiException refused = assertThrows(ApiException.class,
                                            () -> hub.connect("b", SignalFilter.ALL_OVERALL, 10, 1));
        assertEquals(503, refused.status());
        hub.disconnect(first);
        assertEquals(0, hub.clientCount());
        hub.connect("b", SignalFilter.ALL_OVERALL, 10, 1);
    }
}
