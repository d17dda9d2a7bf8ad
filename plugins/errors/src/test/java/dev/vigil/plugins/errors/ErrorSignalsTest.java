package dev.vigil.plugins.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.vigil.api.Signal;
import dev.vigil.api.Signals;
import dev.vigil.api.events.ErrorLevel;
import dev.vigil.testkit.MutableClock;

import org.junit.jupiter.api.Test;

/** Per-minute counting, zeros, immediate publishing, and points that stay in time order. */
class ErrorSignalsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final List<Signal> published = new ArrayList<>();
    private final ErrorSignals signals = new ErrorSignals(new Recording(), clock, List.of("billing"));

    @Test
    void completedMinutesArePublishedOnceWithZerosForKnownServices() {
        signals.stored(List.of(stored("shop", ErrorLevel.ERROR, true, false, false),
                               stored("shop", ErrorLevel.ERROR, false, false, false)));
        clock.advance(Duration.ofSeconds(45));
        signals.publishCompletedMinutes();
        assertTrue(published.isEmpty(), "the minute is not over: " + published);

        clock.advance(Duration.ofSeconds(10));
        signals.publishCompletedMinutes();
        signals.publishCompletedMinutes();
        Instant end = Instant.parse("2026-11-23T10:01:00Z");
        assertEquals(2.0, value("errors.events_per_minute", "shop", end));
        assertEquals(1.0, value("errors.new_groups", "shop", end));
        assertEquals(0.0, value("errors.events_per_minute", "billing", end), "known services get zeros");
        assertEquals(2.0, value("errors.events_per_minute", null, end));
        assertEquals(1, published.stream().filter(s -> s.name().equals("errors.events_per_minute")
                && s.labels().equals(Map.of("service", "shop"))).count(), "published once");

        clock.advance(Duration.ofMinutes(1));
        signals.publishCompletedMinutes();
        assertEquals(0.0, value("errors.events_per_minute", "shop", Instant.parse("2026-11-23T10:02:00Z")));
    }

    @Test
    void criticalEventsAndRegressionsArePublishedAtOnceAndIgnoredGroupsNever() {
        signals.stored(List.of(stored("shop", ErrorLevel.CRITICAL, false, false, false),
                               stored("shop", ErrorLevel.CRITICAL, false, true, false),
                               stored("shop", ErrorLevel.CRITICAL, false, false, true)));
        Instant now = clock.instant();
        assertEquals(2.0, value("errors.critical_events", "shop", now), "the ignored group's event is left out");
        assertEquals(1.0, value("errors.regressions", "shop", now));
        assertEquals(2.0, value("errors.critical_events", null, now));
    }

    @Test
    void aMinuteCompletedButNotYetPublishedGoesOutBeforeANewerImmediatePoint() {
        signals.stored(List.of(stored("shop", ErrorLevel.ERROR, false, false, false)));
        clock.advance(Duration.ofMinutes(1)); // the task has not run yet
        signals.stored(List.of(stored("shop", ErrorLevel.CRITICAL, false, false, false)));
        List<Signal> critical = published.stream().filter(s -> s.name().equals("errors.critical_events")
                && s.labels().equals(Map.of("service", "shop"))).toList();
        assertEquals(List.of(0.0, 1.0), critical.stream().map(Signal::value).toList());
        assertTrue(critical.get(0).time().isBefore(critical.get(1).time()));
    }

    private static PreparedError stored(String service, ErrorLevel level, boolean newGroup, boolean regressed,
                                        boolean quiet) {
        PreparedError.Outcome outcome = new PreparedError.Outcome();
        outcome.newGroup = newGroup;
        outcome.regressed = regressed;
        outcome.quiet = quiet;
        return new PreparedError(Instant.EPOCH, Instant.EPOCH, service, level, "E", null, List.of(), "[]", null, null,
                                 null, null, null, null, null, null, null, null, new Fingerprint("f", "message", null),
                                 outcome);
    }

    private Double value(String name, String service, Instant time) {
        Map<String, String> labels = service == null ? Map.of() : Map.of("service", service);
        return published.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)
                && s.time().equals(time)).map(Signal::value).reduce((a, b) -> b).orElse(null);
    }

    /** Keeps what is published; the plugin never reads signals back. */
    private final class Recording implements Signals {
        @Override
        public void publish(Signal signal) {
            published.add(signal);
        }

        @Override
        public Optional<Signal> latest(String name, Map<String, String> labels) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Signal> latest(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<SignalSeries> history(String name, Map<String, String> labelMatchers, Instant since) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<String> names() {
            throw new UnsupportedOperationException();
        }
    }
}
