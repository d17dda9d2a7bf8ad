package dev.vigil.api;

/** The in-process event bus. Publishing never blocks and never throws because of a subscriber. */
public interface EventBus {

    void publish(Object event);

    /** Whether any running plugin subscribes to events of this type: lets a producer skip building them. */
    boolean hasSubscribers(Class<?> eventType);
}
