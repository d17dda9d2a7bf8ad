package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Error events and groups over a window, offered by the error plugin while it runs (reports sum them up). Look it
 * up at each use.
 */
public interface ErrorHistory {

    /**
     * Events of the minutes that overlap {@code [from, to)}, by level; and the groups with the most events, at most
     * {@code limit}, most first. Groups are counted per hour, so their window starts at the top of the hour that
     * holds {@code from}.
     */
    ErrorWindow window(Instant from, Instant to, int limit);

    /**
     * @param eventsByLevel every {@link dev.vigil.api.events.ErrorLevel} by name, zeros included
     * @param groups        distinct groups with events in the window ({@code top} holds at most the limit)
     */
    record ErrorWindow(long events, Map<String, Long> eventsByLevel, long groups, List<ErrorGroup> top) {
    }

    /**
     * One group with its events in the window; first and last seen are of its whole life.
     *
     * @param level  the highest level it was seen at ({@link dev.vigil.api.events.ErrorLevel} name)
     * @param status {@code unresolved}, {@code resolved} or {@code ignored}
     */
    record ErrorGroup(long id, String service, String level, String status, String exceptionType, String message,
                      long events, Instant firstSeen, Instant lastSeen) {
    }
}
