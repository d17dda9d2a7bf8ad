package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.vigil.api.events.RequestEvent;

/**
 * Predictions made through the API that wait for the request they were about: the one with the given request id,
 * or else the next request to the same endpoint at or after the predicted time, within the match window.
 */
final class PendingPredictions {

    /** A prediction waiting for its request. */
    record Pending(long id, EndpointKey key, String requestId, long targetAt, long matchUntil) {
    }

    /** What really happened to a prediction. */
    record Match(long predictionId, double actualMs, long actualAt, String requestId) {
    }

    /** Beyond this many waiting predictions the oldest are given up (they stay stored, unmatched). */
    static final int MAX_PENDING = 10_000;

    private final List<Pending> pending = new ArrayList<>();

    synchronized void add(Pending prediction) {
        pending.add(prediction);
        if (pending.size() > MAX_PENDING) {
            pending.remove(0);
        }
    }

    synchronized int size() {
        return pending.size();
    }

    /** Matches {@code events} to waiting predictions and forgets those whose window closed before {@code now}. */
    synchronized List<Match> match(List<RequestEvent> events, long now) {
        List<Match> matches = new ArrayList<>();
        if (pending.isEmpty()) {
            return matches;
        }
        for (RequestEvent event : events) {
            long at = event.timestamp().toEpochMilli();
            Iterator<Pending> waiting = pending.iterator();
            while (waiting.hasNext()) {
                Pending prediction = waiting.next();
                if (matches(prediction, event, at)) {
                    matches.add(new Match(prediction.id(), event.durationMs(), at, event.requestId()));
                    waiting.remove();
                    break;
                }
            }
        }
        pending.removeIf(prediction -> prediction.matchUntil() < now);
        return matches;
    }

    private static boolean matches(Pending prediction, RequestEvent event, long at) {
        if (prediction.requestId() != null) {
            return prediction.requestId().equals(event.requestId());
        }
        return at >= prediction.targetAt() && at <= prediction.matchUntil()
                && prediction.key().equals(EndpointKey.of(event.service(), event.method(), event.endpoint()));
    }
}
