package dev.vigil.plugins.queries;

import java.util.List;

/** A request whose statements have been analysed: its figures and what was found, to be stored. */
record RequestOutcome(String service, String key, String requestId, String traceId, String endpoint,
                      long firstTimestamp, long lastTimestamp, int queryCount, double totalMs, int fingerprints,
                      List<Finding> findings) implements PendingWrite {

    static RequestOutcome of(RequestQueries request, List<Finding> findings) {
        return new RequestOutcome(request.service(), request.key(), request.requestId(), request.traceId(),
                                  request.endpoint(), request.firstTimestamp(), request.lastTimestamp(),
                                  request.count(), request.totalMs(), request.shapes().size(), List.copyOf(findings));
    }
}
