package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.api.events.RequestEvent;

import org.junit.jupiter.api.Test;

class LabelCapTest {

    @Test
    void servicesPastTheCapShareOneOtherSeriesAndVigilsOwnIsNeverFolded() {
        AtomicInteger folds = new AtomicInteger();
        LabelCap cap = new LabelCap(() -> 2, folds::incrementAndGet, RequestEvent.OWN_SERVICE::equals);

        assertEquals("shop", cap.label("shop"));
        assertEquals("billing", cap.label("billing"));
        assertEquals(LabelCap.OTHER, cap.label("spam-1"));
        assertEquals(LabelCap.OTHER, cap.label("spam-1"));
        assertEquals(LabelCap.OTHER, cap.label("spam-2"));
        assertEquals(RequestEvent.OWN_SERVICE, cap.label(RequestEvent.OWN_SERVICE), "Vigil's own keeps its series");
        assertEquals("shop", cap.label("shop"), "a kept service keeps its series");

        assertEquals(2, folds.get(), "each folded service is counted once");
        assertEquals(2, cap.folded());
    }
}
