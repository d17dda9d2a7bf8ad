package dev.vigil.plugins.queries;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;

/**
 * Publishes the minute's figures, overall and per service: average statement time, queries per analysed request,
 * slow statements, requests over the query-count threshold, and the number of stored findings.
 */
final class SignalPublisher {

    static final String FLAGGED_REQUESTS = "queries.flagged_requests";
    static final String REPEATED_IDENTICAL_FINDINGS = "queries.repeated_identical_findings";

    private final Signals signals;
    private final MinuteCounters counters;
    private final QueryReader reader;
    private final Clock clock;

    SignalPublisher(Signals signals, MinuteCounters counters, QueryReader reader, Clock clock) {
        this.signals = signals;
        this.counters = counters;
        this.reader = reader;
        this.clock = clock;
    }

    void publish() {
        Instant now = clock.instant();
        Map<String, MinuteCounters.Figures> minute = counters.drain();
        MinuteCounters.Figures overall = new MinuteCounters.Figures();
        minute.forEach((service, figures) -> {
            Map<String, String> labels = Map.of("service", service);
            publishFigures(labels, figures, now);
            overall.statements += figures.statements;
            overall.totalMs += figures.totalMs;
            overall.slow += figures.slow;
            overall.requests += figures.requests;
            overall.requestQueries += figures.requestQueries;
            overall.flaggedRequests += figures.flaggedRequests;
        });
        publishFigures(Map.of(), overall, now);
        publishFindings(SignalCatalog.QUERIES_N_PLUS_ONE_FINDINGS, Finding.Kind.N_PLUS_ONE, minute, now);
        publishFindings(REPEATED_IDENTICAL_FINDINGS, Finding.Kind.REPEATED_IDENTICAL, minute, now);
    }

    private void publishFigures(Map<String, String> labels, MinuteCounters.Figures figures, Instant now) {
        signals.publish(SignalCatalog.QUERIES_AVG_MS, labels, figures.avgMs(), now);
        signals.publish(SignalCatalog.QUERIES_PER_REQUEST, labels, figures.queriesPerRequest(), now);
        signals.publish(SignalCatalog.QUERIES_SLOW_COUNT, labels, figures.slow, now);
        signals.publish(FLAGGED_REQUESTS, labels, figures.flaggedRequests, now);
    }

    private void publishFindings(String name, Finding.Kind kind, Map<String, MinuteCounters.Figures> services,
                                 Instant now) {
        Map<String, Long> counts = reader.findingCounts(kind.name());
        long total = 0;
        for (String service : services.keySet()) {
            signals.publish(name, Map.of("service", service), counts.getOrDefault(service, 0L), now);
        }
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            total += entry.getValue();
            if (!services.containsKey(entry.getKey())) {
                signals.publish(name, Map.of("service", entry.getKey()), entry.getValue(), now);
            }
        }
        signals.publish(name, Map.of(), total, now);
    }
}
