package dev.vigil.plugins.optimizer;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.services.RequestHistory;

/**
 * Gathers what a training run learns from. The optimizer's own sample (fed by RequestEvents) comes first; when it
 * holds too little and a plugin offers the RequestHistory service, that history is used instead (for instance right
 * after the optimizer is installed on a server that has been recording requests for a while).
 */
final class TrainingData {

    /** Most endpoint-minutes scored at the end of a training run. */
    static final int MAX_SCORED_MINUTES = 200_000;

    static final String SOURCE_EVENTS = "request_events";
    static final String SOURCE_REQUEST_HISTORY = "request_history_service";

    /**
     * What one run uses. Minutes in {@code [scoreFrom, scoreTo)} are scored at the end of the run.
     */
    record Loaded(ModelTrainer.Input input, String source, long scoreFrom, long scoreTo) {
    }

    private final HistoryStore history;
    private final Resources resources;
    private final ServiceLookup services;

    TrainingData(HistoryStore history, Resources resources, ServiceLookup services) {
        this.history = history;
        this.resources = resources;
        this.services = services;
    }

    /** How many requests a run could learn from now, and where from. */
    record Available(long records, String source) {
    }

    Available available(long from, long to, int minRecords) throws SQLException {
        long own = history.countSamples(from, to);
        if (own >= minRecords) {
            return new Available(own, SOURCE_EVENTS);
        }
        Optional<RequestHistory> provider = services.find(RequestHistory.class);
        if (provider.isPresent()) {
            int offered = provider.get().requests(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), minRecords)
                    .size();
            if (offered > own) {
                return new Available(offered, SOURCE_REQUEST_HISTORY);
            }
        }
        return new Available(own, SOURCE_EVENTS);
    }

    Loaded load(long from, long to, OptimizerConfig config, int minRecords) throws SQLException {
        long scoreTo = MinuteRow.minuteOf(to);
        long scoreFrom = Math.max(from, scoreTo - config.analysisWindow().toMillis());
        long tolerance = config.resourceMatchTolerance().toMillis();
        List<RequestSample> samples = history.randomSamples(from, to, config.trainingSampleSize());
        Optional<RequestHistory> provider = samples.size() < minRecords ? services.find(RequestHistory.class)
                : Optional.empty();
        if (provider.isPresent()) {
            List<RequestSample> offered = provider.get().requests(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to),
                                                                  config.trainingSampleSize())
                    .stream().map(RequestSample::of).toList();
            if (offered.size() > samples.size()) {
                List<MinuteRow> minutes = provider.get().endpointMinutes(Instant.ofEpochMilli(from),
                                                                         Instant.ofEpochMilli(to))
                        .stream().map(TrainingData::minuteRow).toList();
                List<MinuteRow> scoring = minutes.stream()
                        .filter(m -> m.minuteAt() >= scoreFrom && m.minuteAt() < scoreTo).toList();
                ModelTrainer.Input input = new ModelTrainer.Input(
                        offered, randomSubset(minutes, config.trainingSampleSize()), newest(scoring),
                        resources.timeline(from, to, tolerance), Concurrency.from(minutes));
                return new Loaded(input, SOURCE_REQUEST_HISTORY, scoreFrom, scoreTo);
            }
        }
        ModelTrainer.Input input = new ModelTrainer.Input(
                samples, history.randomMinutes(from, to, config.trainingSampleSize()),
                history.newestMinutes(scoreFrom, scoreTo, MAX_SCORED_MINUTES), resources.timeline(from, to, tolerance),
                history.concurrency(from, to));
        return new Loaded(input, SOURCE_EVENTS, scoreFrom, scoreTo);
    }

    /** The service's figures as totals; it gives no query figures nor spread, which the detector then ignores. */
    static MinuteRow minuteRow(RequestHistory.EndpointMinute minute) {
        MinuteTotals totals = new MinuteTotals();
        totals.requests = minute.count();
        totals.serverErrors = minute.serverErrors();
        totals.clientErrors = minute.clientErrors();
        totals.sumMs = minute.avgMs() * minute.count();
        totals.sumSqMs = minute.avgMs() * minute.avgMs() * minute.count();
        totals.maxMs = minute.maxMs();
        return new MinuteRow(MinuteRow.minuteOf(minute.minute().toEpochMilli()),
                             EndpointKey.of(minute.service(), minute.method(), minute.endpoint()), totals);
    }

    private static List<MinuteRow> randomSubset(List<MinuteRow> rows, int limit) {
        if (rows.size() <= limit) {
            return rows;
        }
        List<MinuteRow> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(rows.size()));
        return copy.subList(0, limit);
    }

    private static List<MinuteRow> newest(List<MinuteRow> rows) {
        if (rows.size() <= MAX_SCORED_MINUTES) {
            return rows;
        }
        return rows.subList(rows.size() - MAX_SCORED_MINUTES, rows.size());
    }
}
