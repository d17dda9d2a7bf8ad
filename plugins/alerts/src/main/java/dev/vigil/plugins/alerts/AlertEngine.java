package dev.vigil.plugins.alerts;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleFunction;

import dev.vigil.api.EventBus;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.SignalCatalog;
import dev.vigil.api.Signals;
import dev.vigil.api.events.AlertEvent;
import dev.vigil.api.http.ApiException;

/**
 * Runs evaluations and carries out what the trackers decide: stores each change with its history entry, publishes
 * an {@link AlertEvent}, hands the change to the {@link Notifier}, and publishes {@code alerts.active} (and
 * counts it in the {@link AlertMetrics}). Evaluations
 * and admins' acknowledgements and resolutions take one lock, so a tracker never sees two changes at once.
 */
final class AlertEngine {

    /** What one evaluation did. */
    record Evaluation(Instant at, long durationMs, int rules, int baselines, int series, int fired, int escalated,
                      int resolved, int active, List<String> errors) {
    }

    private final LiveConfig<AlertsConfig> config;
    private final RuleBook rules;
    private final RuleEvaluator evaluator;
    private final BaselineStore baselines;
    private final RegressionCheck regressions;
    private final AlertStore store;
    private final Notifier notifier;
    private final EventBus events;
    private final Signals signals;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final System.Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<AlertKey, AlertTracker> trackers = new HashMap<>();
    private boolean adoptedStoredAlerts;
    private volatile Evaluation last;

    AlertEngine(LiveConfig<AlertsConfig> config, RuleBook rules, RuleEvaluator evaluator, BaselineStore baselines,
                RegressionCheck regressions, AlertStore store, Notifier notifier, EventBus events, Signals signals,
                AlertMetrics metrics, Clock clock, System.Logger log) {
        this.config = config;
        this.rules = rules;
        this.evaluator = evaluator;
        this.baselines = baselines;
        this.regressions = regressions;
        this.store = store;
        this.notifier = notifier;
        this.events = events;
        this.signals = signals;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
    }

    Evaluation evaluate() {
        lock.lock();
        try {
            long started = System.nanoTime();
            Instant now = clock.instant();
            AlertsConfig settings = config.get();
            List<String> errors = new ArrayList<>();
            if (!adoptedStoredAlerts) {
                for (Alert alert : store.active()) {
                    trackers.computeIfAbsent(alert.key(), k -> new AlertTracker()).adopt(alert.id(), alert.severity(),
                                                                                       now);
                }
                adoptedStoredAlerts = true;
            }
            List<Observation> observations = new ArrayList<>();
            Map<String, Duration> cooldowns = new HashMap<>();
            for (RuleBook.Effective effective : rules.effective()) {
                if (effective.rule().enabled()) {
                    cooldowns.put(effective.rule().name(), effective.rule().cooldown());
                    observations.addAll(evaluator.observe(effective.rule(), now));
                }
            }
            int ruleCount = cooldowns.size();
            Set<String> ruleNames = new HashSet<>(cooldowns.keySet());
            List<Baseline> stored = settings.regression().enabled() ? baselines.all() : List.of();
            ruleNames.addAll(RegressionCheck.ruleNames(stored));
            observations.addAll(regressions.observe(stored, settings, now));

            Counts counts = new Counts();
            Set<AlertKey> seen = new HashSet<>();
            for (Observation observation : observations) {
                seen.add(observation.key());
                if (observation.level() == Level.NO_DATA && !trackers.containsKey(observation.key())) {
                    continue;
                }
                try {
                    AlertTracker tracker = tracker(observation.key(), observation.cooldown());
                    tracker.ruleChanged(observation.fingerprint());
                    AlertTracker.Decision decision = tracker.observe(observation.level(), observation.consecutive(),
                                                                     observation.cooldown(),
                                                                     settings.noDataResolveAfter(), now);
                    apply(decision, tracker, observation, now, counts);
                } catch (SQLException | RuntimeException e) {
                    // The tracker is rebuilt from storage at the next evaluation.
                    trackers.remove(observation.key());
                    errors.add(observation.key().rule() + " " + observation.key().labels() + ": " + e.getMessage());
                    log.log(System.Logger.Level.WARNING, "alert " + observation.key() + " could not be updated", e);
                }
            }
            Iterator<Map.Entry<AlertKey, AlertTracker>> unseen = trackers.entrySet().iterator();
            while (unseen.hasNext()) {
                Map.Entry<AlertKey, AlertTracker> entry = unseen.next();
                AlertKey key = entry.getKey();
                AlertTracker tracker = entry.getValue();
                if (seen.contains(key)) {
                    continue;
                }
                try {
                    if (!ruleNames.contains(key.rule())) {
                        if (tracker.isActive()) {
                            resolveWithoutValue(tracker.alertId(), now, "the rule was removed or disabled");
                            counts.resolved++;
                        }
                        unseen.remove();
                    } else if (tracker.isActive()) {
                        // The series stopped reporting altogether.
                        Duration cooldown = cooldowns.getOrDefault(key.rule(), settings.regression().cooldown());
                        AlertTracker.Decision decision = tracker.observe(Level.NO_DATA, 1, cooldown,
                                                                         settings.noDataResolveAfter(), now);
                        if (decision == AlertTracker.Decision.RESOLVE_NO_DATA) {
                            resolveWithoutValue(tracker.alertId(), now, noData(settings));
                            counts.resolved++;
                        }
                    } else if (tracker.idle(now)) {
                        unseen.remove();
                    }
                } catch (SQLException | RuntimeException e) {
                    unseen.remove();
                    errors.add(key.rule() + " " + key.labels() + ": " + e.getMessage());
                    log.log(System.Logger.Level.WARNING, "alert " + key + " could not be updated", e);
                }
            }
            int active = publishActive(now);
            Evaluation evaluation = new Evaluation(now, (System.nanoTime() - started) / 1_000_000, ruleCount,
                                                   stored.size(), observations.size(), counts.fired, counts.escalated,
                                                   counts.resolved, active, List.copyOf(errors));
            last = evaluation;
            return evaluation;
        } finally {
            lock.unlock();
        }
    }

    /** An admin acknowledges an active alert. */
    Alert acknowledge(long id, String actor, String comment) throws SQLException {
        lock.lock();
        try {
            return acknowledgeOne(id, actor, comment, clock.instant())
                    .orElseThrow(() -> notActive(id, "acknowledged"));
        } finally {
            lock.unlock();
        }
    }

    /** An admin resolves an active alert: the cooldown starts now. */
    Alert resolveByHand(long id, String actor, String comment) throws SQLException {
        lock.lock();
        try {
            Instant now = clock.instant();
            Alert alert = resolveOneByHand(id, actor, comment, now).orElseThrow(() -> notActive(id, "resolved"));
            publishActive(now);
            return alert;
        } finally {
            lock.unlock();
        }
    }

    /** An admin acknowledges several alerts: each as {@link #acknowledge} would, one outcome per id. */
    List<BulkResult> acknowledgeAll(List<Long> ids, String actor, String comment) {
        return eachByHand(ids, BulkResult.Outcome.ACKNOWLEDGED, (id, now) -> acknowledgeOne(id, actor, comment, now));
    }

    /** An admin resolves several alerts: each as {@link #resolveByHand} would, one outcome per id. */
    List<BulkResult> resolveAll(List<Long> ids, String actor, String comment) {
        return eachByHand(ids, BulkResult.Outcome.RESOLVED, (id, now) -> resolveOneByHand(id, actor, comment, now));
    }

    /** An admin's action on one alert; empty when the alert is not active. */
    private interface ByHand {
        Optional<Alert> apply(long id, Instant now) throws SQLException;
    }

    /** Applies {@code action} to each id, under the lock and at one instant, and answers one outcome per id. */
    private List<BulkResult> eachByHand(List<Long> ids, BulkResult.Outcome done, ByHand action) {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<BulkResult> results = new ArrayList<>(ids.size());
            for (long id : ids) {
                results.add(bulk(id, now, done, action));
            }
            // Only a resolution changes which alerts are active.
            if (done == BulkResult.Outcome.RESOLVED && results.stream().anyMatch(r -> r.outcome() == done)) {
                publishActive(now);
            }
            return results;
        } finally {
            lock.unlock();
        }
    }

    private BulkResult bulk(long id, Instant now, BulkResult.Outcome done, ByHand action) {
        try {
            Optional<Alert> alert = action.apply(id, now);
            if (alert.isPresent()) {
                return new BulkResult(id, done, alert.get(), null);
            }
            return new BulkResult(id, store.find(id).isEmpty() ? BulkResult.Outcome.NOT_FOUND
                    : BulkResult.Outcome.ALREADY_RESOLVED, null, null);
        } catch (SQLException | RuntimeException e) {
            // The others go on: a bulk action answers for each id, and what was done stays done.
            log.log(System.Logger.Level.WARNING, "alert #" + id + " could not be " + done.label(), e);
            return new BulkResult(id, BulkResult.Outcome.FAILED, null, "could not be " + done.label()
                    + " (the server log says why); try again");
        }
    }

    private Optional<Alert> acknowledgeOne(long id, String actor, String comment, Instant now) throws SQLException {
        Optional<Alert> alert = store.acknowledge(id, now, actor, comment);
        alert.ifPresent(a -> announce(Change.ACKNOWLEDGED, a, actor, comment));
        return alert;
    }

    private Optional<Alert> resolveOneByHand(long id, String actor, String comment, Instant now)
            throws SQLException {
        String resolvedBy = "resolved by " + actor;
        DoubleFunction<String> message = value -> resolvedBy + " (last value " + Statistics.text(value) + ")"
                + (comment == null ? "" : ": " + comment);
        Optional<Alert> alert = store.resolve(id, now, actor, null, message, comment == null ? resolvedBy : comment);
        alert.ifPresent(a -> {
            trackers.computeIfAbsent(a.key(), k -> new AlertTracker()).resolvedByHand(now, cooldownOf(a.key()));
            announce(Change.RESOLVED, a, actor, comment);
        });
        return alert;
    }

    Evaluation lastEvaluation() {
        return last;
    }

    /** What the trackers hold, for the status route. */
    Map<String, Object> trackerSummary() {
        lock.lock();
        try {
            Map<String, Object> summary = new LinkedHashMap<>();
            Instant now = clock.instant();
            summary.put("tracked", trackers.size());
            summary.put("active", trackers.values().stream().filter(AlertTracker::isActive).count());
            summary.put("counting_violations", trackers.values().stream().filter(t -> t.violations() > 0).count());
            summary.put("cooling_down", trackers.values().stream().filter(t -> now.isBefore(t.cooldownEnds()))
                    .count());
            return summary;
        } finally {
            lock.unlock();
        }
    }

    private ApiException notActive(long id, String verb) {
        if (store.find(id).isEmpty()) {
            return ApiException.notFound("no alert has id " + id);
        }
        return ApiException.conflict("alert " + id + " is already resolved and cannot be " + verb,
                                     Map.of("alert_id", id, "status", Alert.RESOLVED));
    }

    private AlertTracker tracker(AlertKey key, Duration cooldown) {
        AlertTracker existing = trackers.get(key);
        if (existing != null) {
            return existing;
        }
        AlertTracker tracker = new AlertTracker();
        // Another node, or this one before a restart, may have opened or resolved this key's alert.
        store.activeFor(key).ifPresent(alert -> tracker.adopt(alert.id(), alert.severity(), clock.instant()));
        if (!tracker.isActive()) {
            store.lastResolvedAt(key).ifPresent(at -> tracker.cooldownUntil(at.plus(cooldown)));
        }
        trackers.put(key, tracker);
        return tracker;
    }

    private Duration cooldownOf(AlertKey key) {
        if (key.rule().startsWith(RegressionCheck.RULE_PREFIX)) {
            return config.get().regression().cooldown();
        }
        return rules.find(key.rule()).map(e -> e.rule().cooldown()).orElse(Rule.DEFAULT_COOLDOWN);
    }

    private void apply(AlertTracker.Decision decision, AlertTracker tracker, Observation observation, Instant now,
                       Counts counts) throws SQLException {
        switch (decision) {
            case FIRE -> {
                Severity severity = tracker.activeSeverity();
                Alert alert = store.open(observation.key(), observation.signal(), severity, observation.value(),
                                         observation.threshold(severity), observation.message(severity), now);
                tracker.opened(alert.id());
                counts.fired++;
                metrics.fired(alert);
                announce(Change.FIRED, alert, "system", null);
            }
            case ESCALATE -> {
                var alert = store.escalate(tracker.alertId(), Severity.CRITICAL, observation.value(),
                                           observation.threshold(Severity.CRITICAL),
                                           observation.message(Severity.CRITICAL), now);
                if (alert.isEmpty()) {
                    resolvedElsewhere(observation.key(), tracker);
                    return;
                }
                counts.escalated++;
                announce(Change.ESCALATED, alert.get(), "system", null);
            }
            case STILL_ACTIVE -> {
                // The message states the value at the level it reached now, which may be below the alert's
                // severity (alerts do not de-escalate): it never claims a threshold the value no longer crosses.
                if (!store.refresh(tracker.alertId(), observation.value(), observation.currentMessage(), now)) {
                    resolvedElsewhere(observation.key(), tracker);
                }
            }
            case RESOLVE -> {
                String message = observation.normalMessage();
                store.resolve(tracker.alertId(), now, "system", observation.value(), value -> message, message)
                        .ifPresent(alert -> announce(Change.RESOLVED, alert, "system", message));
                counts.resolved++;
            }
            case RESOLVE_NO_DATA -> {
                resolveWithoutValue(tracker.alertId(), now, noData(config.get()));
                counts.resolved++;
            }
            case NONE -> {
            }
        }
    }

    /** Another node resolved the alert this tracker holds: forget the tracker, the next evaluation rebuilds it. */
    private void resolvedElsewhere(AlertKey key, AlertTracker tracker) {
        log.log(System.Logger.Level.INFO, "alert #{0} was resolved elsewhere; its tracker starts over",
                tracker.alertId());
        trackers.remove(key);
    }

    /** The system resolves an alert with no new value: its message says why, with the last value it had. */
    private void resolveWithoutValue(long id, Instant now, String reason) throws SQLException {
        store.resolve(id, now, "system", null, value -> reason + " (last value " + Statistics.text(value) + ")",
                      reason).ifPresent(alert -> announce(Change.RESOLVED, alert, "system", reason));
    }

    private static String noData(AlertsConfig settings) {
        return "no data for " + Durations.format(settings.noDataResolveAfter());
    }

    private void announce(Change change, Alert alert, String actor, String comment) {
        // A resolution's message says how it resolved (comment included); an acknowledgement keeps the alert's.
        String message = change == Change.ACKNOWLEDGED && comment != null ? comment : alert.message();
        events.publish(new AlertEvent(clock.instant(), Long.toString(alert.id()), alert.rule(), alert.labels(),
                                      alert.severity().label(), change.name(), alert.signal(), alert.value(), message,
                                      actor));
        log.log(System.Logger.Level.INFO, "alert #{0} {1} by {2}: {3}", alert.id(), change.label(), actor, message);
        notifier.notify(change, alert);
    }

    /** Publishes {@code alerts.active}: the total, and per severity. Answers the total. */
    private int publishActive(Instant now) {
        List<Alert> active = store.active();
        metrics.active(active);
        long critical = active.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
        signals.publish(SignalCatalog.ALERTS_ACTIVE, Map.of(), active.size(), now);
        signals.publish(SignalCatalog.ALERTS_ACTIVE, Map.of("severity", "critical"), critical, now);
        signals.publish(SignalCatalog.ALERTS_ACTIVE, Map.of("severity", "warning"), active.size() - critical, now);
        return active.size();
    }

    /** Counters of one evaluation. */
    private static final class Counts {
        int fired;
        int escalated;
        int resolved;
    }
}
