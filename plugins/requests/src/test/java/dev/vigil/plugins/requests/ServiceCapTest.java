package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.api.events.RequestEvent;

import org.junit.jupiter.api.Test;

class ServiceCapTest {

    @Test
    void servicesPastTheCapShareOneOtherSeriesAndVigilsOwnIsNeverFolded() {
        AtomicInteger folds = new AtomicInteger();
        ServiceCap cap = new ServiceCap(() -> 2, folds::incrementAndGet);

        assertEquals("shop", cap.label("shop"));
        assertEquals("billing", cap.label("billing"));
        assertEquals(EndpointCap.OTHER, cap.label("spam-1"));
        assertEquals(EndpointCap.OTHER, cap.label("spam-1"));
        assertEquals(EndpointCap.OTHER, cap.label("spam-2"));
        assertEquals(RequestEvent.OWN_SERVICE, cap.label(RequestEvent.OWN_SERVICE), "Vigil's own keeps its series");
        assertEquals("shop", cap.label("shop"), "a kept service keeps its series");

        assertEquals(2, folds.get(), "each folded service is counted once");
        assertEquals(2, cap.folded());
    }
}
