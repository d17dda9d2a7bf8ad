package dev.vigil.plugins.errors;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.ErrorLevel;

/**
 * An error occurrence ready to be stored: scrubbed, cut to size, its stack parsed and its fingerprint computed.
 * {@link #outcome()} is filled in by the writer inside the storing transaction and read once it has committed.
 *
 * @param exceptions      the exception chain, outermost first
 * @param exceptionsJson  {@code exceptions} as JSON, as stored
 * @param contextJson     the scrubbed context as JSON, or null when empty
 */
record PreparedError(Instant occurredAt, Instant receivedAt, String service, ErrorLevel level, String exceptionType,
                     String message, List<ExceptionBlock> exceptions, String exceptionsJson, String rawStack,
                     String endpoint, String requestId, String traceId, String user, String userAgent, String clientIp,
                     String release, String environment, String contextJson, Fingerprint fingerprint,
                     Outcome outcome) {

    /** What storing the occurrence did. Written by the writer thread, read after the commit completed its future. */
    static final class Outcome {
        long groupId;
        /** The occurrence created its group. */
        boolean newGroup;
        /** The occurrence re-opened its resolved group. */
        boolean regressed;
        /** Its group is ignored: counted, but no signal and no regression. */
        boolean quiet;
    }

    /** The key of the group it belongs to. */
    GroupKey groupKey() {
        return new GroupKey(service, fingerprint.hash());
    }

    /** A group's identity: one fingerprint within one service. */
    record GroupKey(String service, String fingerprint) implements Comparable<GroupKey> {
        @Override
        public int compareTo(GroupKey other) {
            int byService = service.compareTo(other.service);
            return byService != 0 ? byService : fingerprint.compareTo(other.fingerprint);
        }
    }
}
