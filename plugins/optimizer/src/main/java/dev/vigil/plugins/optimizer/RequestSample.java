package dev.vigil.plugins.optimizer;

import dev.vigil.api.events.RequestEvent;

/**
 * One stored request: what the model learns from. Query figures are null when the monitored application did not
 * report them.
 */
record RequestSample(long startedAt, EndpointKey key, int status, double durationMs, Integer queryCount,
                     Double queryTimeMs, String requestId) {

    static RequestSample of(RequestEvent event) {
        return new RequestSample(event.timestamp().toEpochMilli(),
                                 EndpointKey.of(event.service(), event.method(), event.endpoint()), event.status(),
                                 event.durationMs(), event.queryCount(), event.queryTimeMs(),
                                 event.requestId() == null || event.requestId().length() > 200 ? null
                                         : event.requestId());
    }

    long minuteAt() {
        return MinuteRow.minuteOf(startedAt);
    }
}
