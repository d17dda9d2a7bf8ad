package dev.vigil.api;

import java.util.List;

/** The in-process event bus. Publishing never blocks and never throws because of a subscriber. */
public interface EventBus {

    void publish(Object event);

    /**
     * Publishes events of one type together: each subscription takes them as one unit (after its filter), so the
     * cost to the publisher is one hand-over per subscription whatever the number of events. Ingest routes publish
     * each accepted batch this way.
     */
    default <T> void publishAll(Class<T> eventType, List<? extends T> events) {
        events.forEach(this::publish);
    }

    /** Whether any running plugin subscribes to events of this type: lets a producer skip building them. */
    boolean hasSubscribers(Class<?> eventType);
}
