package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.vigil.api.EventBus;
import dev.vigil.api.Subscription;
import dev.vigil.api.metrics.Metrics;

/** The in-process bus: publishing hands the event to each matching subscription's queue and returns. */
public final class EventBusImpl implements EventBus {

    private final CopyOnWriteArrayList<SubscriptionWorker<?>> workers = new CopyOnWriteArrayList<>();
    private final FailureReporter failures;
    private final Clock clock;

    public EventBusImpl(FailureReporter failures, Clock clock) {
        this.failures = failures;
        this.clock = clock;
    }

    @Override
    public void publish(Object event) {
        if (event == null) {
            return;
        }
        for (SubscriptionWorker<?> worker : workers) {
            if (worker.accepts(event)) {
                worker.offer(event);
            }
        }
    }

    @Override
    public <T> void publishAll(Class<T> eventType, List<? extends T> events) {
        if (events == null || events.isEmpty()) {
            return;
        }
        for (SubscriptionWorker<?> worker : workers) {
            if (worker.acceptsType(eventType)) {
                worker.offerAll(events); // each queues a copy of its own: the publisher may reuse its list
            }
        }
    }

    @Override
    public boolean hasSubscribers(Class<?> eventType) {
        return hasSubscribersOtherThan(eventType, null);
    }

    /** Whether a plugin other than {@code pluginId} would receive events of this type. */
    public boolean hasSubscribersOtherThan(Class<?> eventType, String pluginId) {
        for (SubscriptionWorker<?> worker : workers) {
            if (worker.eventType().isAssignableFrom(eventType) && !worker.pluginId().equals(pluginId)) {
                return true;
            }
        }
        return false;
    }

    public void subscribe(String pluginId, List<Subscription<?>> subscriptions) {
        for (Subscription<?> subscription : subscriptions) {
            SubscriptionWorker<?> worker = new SubscriptionWorker<>(pluginId, subscription, failures, clock);
            worker.start();
            workers.add(worker);
        }
    }

    public void unsubscribe(String pluginId) {
        List<SubscriptionWorker<?>> removed = new ArrayList<>();
        for (SubscriptionWorker<?> worker : workers) {
            if (worker.pluginId().equals(pluginId)) {
                removed.add(worker);
            }
        }
        workers.removeAll(removed);
        removed.forEach(SubscriptionWorker::stop);
    }

    /** Each subscription's delivered events, for {@code vigil_events_delivered_total{plugin, event}}. */
    public void reportDelivered(Metrics.GaugeSink sink) {
        for (SubscriptionWorker<?> worker : workers) {
            sink.set(worker.delivered(), worker.pluginId(), worker.eventName());
        }
    }

    /** Each subscription's events dropped by its full queue, for {@code vigil_events_dropped_total{plugin, event}}. */
    public void reportDropped(Metrics.GaugeSink sink) {
        for (SubscriptionWorker<?> worker : workers) {
            sink.set(worker.dropped(), worker.pluginId(), worker.eventName());
        }
    }

    public List<Map<String, Object>> describe(String pluginId) {
        return workers.stream().filter(w -> w.pluginId().equals(pluginId)).map(SubscriptionWorker::view).toList();
    }
}
