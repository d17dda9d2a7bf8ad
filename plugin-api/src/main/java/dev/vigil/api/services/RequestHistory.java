package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.stats.LatencyHistogram;

/** Request data the request-metrics plugin offers to others (the optimizer trains on it, reports sum it up). */
public interface RequestHistory {

    /** Raw records with {@code from <= timestamp < to}, a uniform sample when there are more than {@code limit}. */
    List<RequestEvent> requests(Instant from, Instant to, int limit);

    /** Per-minute, per-endpoint aggregates with {@code from <= minute < to}, oldest first. */
    List<EndpointMinute> endpointMinutes(Instant from, Instant to);

    /**
     * Per-endpoint figures over the minutes that overlap {@code [from, to)} (whole minutes: from the minute holding
     * {@code from} up to the one holding the instant before {@code to}), every service included. Each carries the
     * window's mergeable duration histogram: percentiles over several endpoints come from merging these, never from
     * averaging per-endpoint or per-minute percentiles. Read from hour rows where whole hours fit, so a long window
     * costs about one row per endpoint and hour. Each call answers new histograms that the caller owns.
     */
    List<EndpointFigures> endpointFigures(Instant from, Instant to);

    /**
     * One endpoint's figures over a window.
     *
     * @param sumMs     exact sum of the durations
     * @param histogram every duration of the window, within 1% relative error ({@link LatencyHistogram})
     */
    record EndpointFigures(String service, String method, String endpoint, long count, long clientErrors,
                           long serverErrors, double sumMs, double minMs, double maxMs, LatencyHistogram histogram) {
    }

    /** One endpoint's figures for one minute. */
    record EndpointMinute(Instant minute, String service, String method, String endpoint, long count,
                          long clientErrors, long serverErrors, double avgMs, double p50Ms, double p95Ms,
                          double p99Ms, double maxMs) {
    }
}
