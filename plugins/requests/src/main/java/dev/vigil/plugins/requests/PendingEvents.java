package dev.vigil.plugins.requests;

import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.EventBus;
import dev.vigil.api.events.RequestEvent;

/**
 * Vigil's own requests, waiting to be published together: subscribers get one batch per few hundred requests (or
 * per {@link #flush()}), so a request costs an append, not a hand-over to every subscriber and a wake-up of each.
 */
final class PendingEvents {

    static final int PUBLISH_AT = 512;

    private final EventBus events;
    private List<RequestEvent> pending = new ArrayList<>(PUBLISH_AT);

    PendingEvents(EventBus events) {
        this.events = events;
    }

    void add(RequestEvent event) {
        List<RequestEvent> full = null;
        synchronized (this) {
            pending.add(event);
            if (pending.size() >= PUBLISH_AT) {
                full = pending;
                pending = new ArrayList<>(PUBLISH_AT);
            }
        }
        if (full != null) {
            events.publishAll(RequestEvent.class, full);
        }
    }

    /** Publishes what is waiting: called every second, so a quiet server's requests are not held back long. */
    void flush() {
        List<RequestEvent> waiting;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            waiting = pending;
            pending = new ArrayList<>(PUBLISH_AT);
        }
        events.publishAll(RequestEvent.class, waiting);
    }
}
