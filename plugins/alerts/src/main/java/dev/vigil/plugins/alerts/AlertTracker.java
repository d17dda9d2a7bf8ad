package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.time.Instant;

/**
 * The lifecycle of one rule and label set, as a pure state machine: it counts consecutive violations and normal
 * evaluations and decides when an alert fires, escalates and resolves, and when the cooldown allows a new one.
 * It never touches storage; {@link AlertEngine} carries out its decisions.
 */
final class AlertTracker {

    /** What the engine must do after an observation. */
    enum Decision {
        /** Nothing changes. */
        NONE,
        /** No alert yet: open one at {@link #activeSeverity()}. */
        FIRE,
        /** The open warning becomes critical. */
        ESCALATE,
        /** The open alert still violates: refresh its value. */
        STILL_ACTIVE,
        /** The signal has been normal for the consecutive count: resolve. */
        RESOLVE,
        /** The series stopped reporting for longer than allowed: resolve. */
        RESOLVE_NO_DATA
    }

    private int violations;
    private int criticalStreak;
    private int normals;
    private Severity active;
    private long alertId;
    private Instant cooldownUntil = Instant.MIN;
    private Instant lastDataAt;
    private String ruleFingerprint;

    /**
     * Takes one evaluation's result.
     *
     * @param consecutive  violations needed to fire or escalate, and normal evaluations needed to resolve
     * @param cooldown     how long after resolving before the same key may fire again
     * @param noDataResolve how long an open alert may go without data before it resolves
     */
    Decision observe(Level level, int consecutive, Duration cooldown, Duration noDataResolve, Instant now) {
        if (level == Level.NO_DATA) {
            if (active != null && lastDataAt != null
                    && !now.isBefore(lastDataAt.plus(noDataResolve))) {
                closed(now, cooldown);
                return Decision.RESOLVE_NO_DATA;
            }
            return Decision.NONE;
        }
        lastDataAt = now;
        if (level == Level.NORMAL) {
            violations = 0;
            criticalStreak = 0;
            normals++;
            if (active != null && normals >= consecutive) {
                closed(now, cooldown);
                return Decision.RESOLVE;
            }
            return Decision.NONE;
        }
        normals = 0;
        violations++;
        criticalStreak = level == Level.CRITICAL ? criticalStreak + 1 : 0;
        boolean criticalHeld = criticalStreak >= consecutive;
        if (active != null) {
            if (active == Severity.WARNING && criticalHeld) {
                active = Severity.CRITICAL;
                return Decision.ESCALATE;
            }
            return Decision.STILL_ACTIVE;
        }
        if (violations >= consecutive && !now.isBefore(cooldownUntil)) {
            active = criticalHeld ? Severity.CRITICAL : Severity.WARNING;
            return Decision.FIRE;
        }
        return Decision.NONE;
    }

    /** An admin resolved the alert: the cooldown starts now and the counts start over. */
    void resolvedByHand(Instant now, Duration cooldown) {
        closed(now, cooldown);
    }

    /** An open alert found in storage (after a restart, or opened by another node) belongs to this tracker. */
    void adopt(long id, Severity severity, Instant now) {
        alertId = id;
        active = severity;
        lastDataAt = now;
    }

    /** The engine stored the alert a FIRE decision asked for. */
    void opened(long id) {
        alertId = id;
    }

    long alertId() {
        return alertId;
    }

    /** Nothing is open, counted or cooling down: the tracker can be forgotten. */
    boolean idle(Instant now) {
        return active == null && violations == 0 && normals == 0 && !now.isBefore(cooldownUntil);
    }

    /** A resolution found in storage still holds back a new alert until {@code until}. */
    void cooldownUntil(Instant until) {
        if (until.isAfter(cooldownUntil)) {
            cooldownUntil = until;
        }
    }

    /** The rule changed: the counts no longer mean what they did. */
    void ruleChanged(String fingerprint) {
        if (ruleFingerprint != null && !ruleFingerprint.equals(fingerprint)) {
            violations = 0;
            criticalStreak = 0;
            normals = 0;
        }
        ruleFingerprint = fingerprint;
    }

    Severity activeSeverity() {
        return active;
    }

    boolean isActive() {
        return active != null;
    }

    Instant cooldownEnds() {
        return cooldownUntil;
    }

    int violations() {
        return violations;
    }

    int normals() {
        return normals;
    }

    private void closed(Instant now, Duration cooldown) {
        active = null;
        violations = 0;
        criticalStreak = 0;
        normals = 0;
        cooldownUntil = now.plus(cooldown);
    }
}
