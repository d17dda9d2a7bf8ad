package dev.vigil.plugins.errors;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.vigil.api.services.TraceLinks;

import com.fasterxml.jackson.databind.JsonNode;

/** What the routes answer, as JSON records (snake_case field names, ISO-8601 times). */
final class Views {

    private Views() {
    }

    /** A group as listed. */
    record GroupSummary(long id, String service, String exceptionType, String message, String culprit, String status,
                        boolean regressed, String level, Instant firstSeen, Instant lastSeen, long count,
                        long usersAffected, String groupedBy) {
    }

    /** One page of groups. */
    record GroupPage(List<GroupSummary> groups, long total, int limit, int offset) {
    }

    /** A group with everything known about it. */
    record GroupDetail(long id, String service, String fingerprint, String groupedBy, String exceptionType,
                       String message, String culprit, String status, boolean regressed, String level,
                       Instant firstSeen, Instant lastSeen, long count, long usersAffected, Instant statusChangedAt,
                       String statusChangedBy, Map<String, Long> levels, List<ValueCount> endpoints,
                       List<ValueCount> releases, List<ValueCount> environments, List<Bucket> timeline,
                       List<Occurrence> occurrences, List<HistoryEntry> history) {

        /** The same group, its occurrences linked to the traces that are kept ({@code trace}). */
        GroupDetail withTraceLinks(TraceLinks links) {
            List<String> traceIds = occurrences.stream().map(Occurrence::traceId).filter(Objects::nonNull)
                    .distinct().toList();
            if (traceIds.isEmpty()) {
                return this;
            }
            Map<String, String> kept = links.kept(traceIds);
            List<Occurrence> linked = occurrences.stream().map(o -> o.withTrace(kept.get(o.traceId()))).toList();
            return new GroupDetail(id, service, fingerprint, groupedBy, exceptionType, message, culprit, status,
                                   regressed, level, firstSeen, lastSeen, count, usersAffected, statusChangedAt,
                                   statusChangedBy, levels, endpoints, releases, environments, timeline, linked,
                                   history);
        }
    }

    /** A distinct value of a group: an endpoint, a release, an environment. */
    record ValueCount(String value, long count, Instant firstSeen, Instant lastSeen) {
    }

    /** Events in one time bucket (an hour). */
    record Bucket(Instant time, long events) {
    }

    /**
     * One stored occurrence, in full.
     *
     * @param trace the API path of the kept trace it happened in ({@code /api/v1/otlp/traces/{id}}), or null
     */
    record Occurrence(long id, Instant timestamp, Instant receivedAt, String level, String exceptionType,
                      String message, JsonNode exceptions, String stack, String endpoint, String requestId,
                      String traceId, String trace, String user, String userAgent, String clientIp, String release,
                      String environment, JsonNode context) {

        Occurrence withTrace(String link) {
            return new Occurrence(id, timestamp, receivedAt, level, exceptionType, message, exceptions, stack,
                                  endpoint, requestId, traceId, link, user, userAgent, clientIp, release,
                                  environment, context);
        }
    }

    /** A change in a group's life: created, resolved, ignored, reopened (by a person) or regressed (by itself). */
    record HistoryEntry(Instant at, String type, String actor, String detail) {
    }

    /** The result of a status change. */
    record StatusChange(boolean changed, GroupDetail group) {
    }

    /** Errors over a window of hours. */
    record Summary(Instant from, Instant to, int hours, long events, Map<String, Long> eventsByLevel,
                   Map<String, Long> eventsByService, long newGroups, long regressions,
                   Map<String, Long> groupsSeenByStatus, List<TopGroup> topGroups, List<Bucket> timeline) {
    }

    /** A group among the most frequent of a window. */
    record TopGroup(long id, String service, String exceptionType, String message, String status, long events,
                    Instant lastSeen) {
    }
}
