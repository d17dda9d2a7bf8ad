package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.RequestEvent;

/** Request data the request-metrics plugin offers to others (the optimizer trains on it). */
public interface RequestHistory {

    /** Raw records with {@code from <= timestamp < to}, a uniform sample when there are more than {@code limit}. */
    List<RequestEvent> requests(Instant from, Instant to, int limit);

    /** Per-minute, per-endpoint aggregates with {@code from <= minute < to}, oldest first. */
    List<EndpointMinute> endpointMinutes(Instant from, Instant to);

    /** One endpoint's figures for one minute. */
    record EndpointMinute(Instant minute, String service, String method, String endpoint, long count,
                          long clientErrors, long serverErrors, double avgMs, double p50Ms, double p95Ms,
                          double p99Ms, double maxMs) {
    }
}
