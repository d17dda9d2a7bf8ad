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
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

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
                            resolve(tracker.alertId(), now, "system", null, "the rule was removed or disabled");
                            counts.resolved++;
                        }
                        unseen.remove();
                    } else if (tracker.isActive()) {
                        // The series stopped reporting altogether.
                        Duration cooldown = cooldowns.getOrDefault(key.rule(), settings.regression().cooldown());
                        AlertTracker.Decision decision = tracker.observe(Level.NO_DATA, 1, cooldown,
                                                                         settings.noDataResolveAfter(), now);
                        if (decision == AlertTracker.Decision.RESOLVE_NO_DATA) {
                            resolve(tracker.alertId(), now, "system", null, "no data for "
                                    + Durations.format(settings.noDataResolveAfter()));
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
            Alert alert = store.acknowledge(id, clock.instant(), actor, comment)
                    .orElseThrow(() -> notActive(id, "acknowledged"));
            announce(Change.ACKNOWLEDGED, alert, actor, comment);
            return alert;
        } finally {
            lock.unlock();
        }
    }

    /** An admin resolves an active alert: the cooldown starts now. */
    Alert resolveByHand(long id, String actor, String comment) throws SQLException {
        lock.lock();
        try {
            Instant now = clock.instant();
            Alert alert = store.resolve(id, now, actor, null, comment == null ? "resolved by " + actor : comment)
                    .orElseThrow(() -> notActive(id, "resolved"));
            AlertTracker tracker = trackers.computeIfAbsent(alert.key(), k -> new AlertTracker());
            tracker.resolvedByHand(now, cooldownOf(alert.key()));
            announce(Change.RESOLVED, alert, actor, comment);
            publishActive(now);
            return alert;
        } finally {
            lock.unlock();
        }
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
                if (!store.refresh(tracker.alertId(), observation.value(), now)) {
                    resolvedElsewhere(observation.key(), tracker);
                }
            }
            case RESOLVE -> {
                resolve(tracker.alertId(), now, "system", observation.value(), observation.normalMessage());
                counts.resolved++;
            }
            case RESOLVE_NO_DATA -> {
                resolve(tracker.alertId(), now, "system", null, "no data for "
                        + Durations.format(config.get().noDataResolveAfter()));
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

    private void resolve(long id, Instant now, String actor, Double value, String comment) throws SQLException {
        store.resolve(id, now, actor, value, comment).ifPresent(alert -> announce(Change.RESOLVED, alert, actor,
                                                                                 comment));
    }

    private void announce(Change change, Alert alert, String actor, String comment) {
        String message = change == Change.FIRED || change == Change.ESCALATED || comment == null ? alert.message()
                : comment;
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
