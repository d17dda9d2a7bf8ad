package dev.vigil.plugins.errors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;
import dev.vigil.api.events.ErrorLevel;

/**
 * The plugin's signals, counted by the minute in which occurrences were stored: events, new groups, regressions and
 * CRITICAL events, per service and overall. Each completed minute is published once, zeros included, for every
 * service seen within the last day. CRITICAL events and regressions are also published the moment they are stored
 * (the count so far in the current minute), so that alerting can act at once. Occurrences of ignored groups are
 * counted in their group but left out of every signal.
 */
final class ErrorSignals {

    private static final long MINUTE = 60_000;
    /** After a long pause (a suspended machine), only this many missed minutes are published. */
    private static final int MAX_CATCH_UP_MINUTES = 60;
    private static final Duration SERVICE_MEMORY = Duration.ofDays(1);

    private final Signals signals;
    private final Clock clock;
    private final Map<Long, Map<String, Counts>> byMinute = new TreeMap<>();
    private final Map<String, Long> servicesLastSeen = new HashMap<>();
    private long lastPublishedMinute;

    ErrorSignals(Signals signals, Clock clock, Collection<String> recentServices) {
        this.signals = signals;
        this.clock = clock;
        long now = clock.millis();
        this.lastPublishedMinute = minuteOf(now) - MINUTE;
        for (String service : recentServices) {
            servicesLastSeen.put(service, now);
        }
    }

    /** Counts of one service in one minute. */
    private static final class Counts {
        long events;
        long newGroups;
        long regressions;
        long critical;

        void add(Counts other) {
            events += other.events;
            newGroups += other.newGroups;
            regressions += other.regressions;
            critical += other.critical;
        }
    }

    /**
     * Counts stored occurrences; publishes CRITICAL events and regressions at once. Call after the commit.
     * Publishing happens under the lock, after any completed minute still unpublished, so that every series' points
     * stay in time order: a late "minute done" point never lands after a newer "at once" point.
     */
    synchronized void stored(List<PreparedError> errors) {
        long now = clock.millis();
        publishCompletedMinutes();
        Map<String, Counts> counts = byMinute.computeIfAbsent(minuteOf(now), m -> new HashMap<>());
        Set<String> criticalServices = new LinkedHashSet<>();
        Set<String> regressedServices = new LinkedHashSet<>();
        for (PreparedError error : errors) {
            if (error.outcome().quiet) {
                continue;
            }
            Counts service = counts.computeIfAbsent(error.service(), s -> new Counts());
            servicesLastSeen.put(error.service(), now);
            service.events++;
            if (error.outcome().newGroup) {
                service.newGroups++;
            }
            if (error.outcome().regressed) {
                service.regressions++;
                regressedServices.add(error.service());
            }
            if (error.level() == ErrorLevel.CRITICAL) {
                service.critical++;
                criticalServices.add(error.service());
            }
        }
        Instant time = Instant.ofEpochMilli(now);
        if (!criticalServices.isEmpty()) {
            publishNow(SignalCatalog.ERRORS_CRITICAL_EVENTS, counts, criticalServices, time, c -> c.critical);
        }
        if (!regressedServices.isEmpty()) {
            publishNow(SignalCatalog.ERRORS_REGRESSIONS, counts, regressedServices, time, c -> c.regressions);
        }
    }

    private void publishNow(String name, Map<String, Counts> minute, Set<String> services, Instant time,
                            ToLongFunction<Counts> value) {
        long total = 0;
        for (Counts counts : minute.values()) {
            total += value.applyAsLong(counts);
        }
        signals.publish(name, Map.of(), total, time);
        for (String service : services) {
            signals.publish(name, Map.of("service", service), value.applyAsLong(minute.get(service)), time);
        }
    }

    /** Publishes every completed minute not yet published; run often (every few seconds) by a task. */
    synchronized void publishCompletedMinutes() {
        long now = clock.millis();
        long current = minuteOf(now);
        long from = Math.max(lastPublishedMinute + MINUTE, current - MAX_CATCH_UP_MINUTES * MINUTE);
        servicesLastSeen.values().removeIf(lastSeen -> lastSeen < now - SERVICE_MEMORY.toMillis());
        for (long minute = from; minute < current; minute += MINUTE) {
            Map<String, Counts> counts = byMinute.getOrDefault(minute, Map.of());
            // Stamped at the minute's end: the value is what happened in the minute up to that time.
            Instant time = Instant.ofEpochMilli(minute + MINUTE);
            Counts total = new Counts();
            counts.values().forEach(total::add);
            publish(Map.of(), total, time);
            Set<String> services = new TreeSet<>(servicesLastSeen.keySet());
            services.addAll(counts.keySet());
            for (String service : services) {
                publish(Map.of("service", service), counts.getOrDefault(service, new Counts()), time);
            }
        }
        byMinute.keySet().removeIf(minute -> minute < current);
        lastPublishedMinute = Math.max(lastPublishedMinute, current - MINUTE);
    }

    private void publish(Map<String, String> labels, Counts counts, Instant time) {
        signals.publish(SignalCatalog.ERRORS_EVENTS_PER_MINUTE, labels, counts.events, time);
        signals.publish(SignalCatalog.ERRORS_NEW_GROUPS, labels, counts.newGroups, time);
        signals.publish(SignalCatalog.ERRORS_REGRESSIONS, labels, counts.regressions, time);
        signals.publish(SignalCatalog.ERRORS_CRITICAL_EVENTS, labels, counts.critical, time);
    }

    private static long minuteOf(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }
}
