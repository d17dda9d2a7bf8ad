package dev.vigil.plugins.alerts;

import static dev.vigil.plugins.alerts.AlertTracker.Decision.ESCALATE;
import static dev.vigil.plugins.alerts.AlertTracker.Decision.FIRE;
import static dev.vigil.plugins.alerts.AlertTracker.Decision.NONE;
import static dev.vigil.plugins.alerts.AlertTracker.Decision.RESOLVE;
import static dev.vigil.plugins.alerts.AlertTracker.Decision.RESOLVE_NO_DATA;
import static dev.vigil.plugins.alerts.AlertTracker.Decision.STILL_ACTIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AlertTrackerTest {

    private static final Duration COOLDOWN = Duration.ofMinutes(15);
    private static final Duration NO_DATA = Duration.ofMinutes(30);
    private final AlertTracker tracker = new AlertTracker();
    private Instant now = Instant.parse("2026-03-01T12:00:00Z");

    private AlertTracker.Decision see(Level level) {
        now = now.plusSeconds(15);
        return tracker.observe(level, 3, COOLDOWN, NO_DATA, now);
    }

    @Test
    void firesOnlyAfterTheConsecutiveCountAndAnInterruptionStartsOver() {
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.NORMAL));
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(FIRE, see(Level.WARNING));
        assertEquals(Severity.WARNING, tracker.activeSeverity());
        assertEquals(STILL_ACTIVE, see(Level.WARNING));
    }

    @Test
    void firesCriticalWhenCriticalHeldForTheCountAndEscalatesInPlaceOtherwise() {
        see(Level.CRITICAL);
        see(Level.CRITICAL);
        assertEquals(FIRE, see(Level.CRITICAL));
        assertEquals(Severity.CRITICAL, tracker.activeSeverity());

        AlertTracker other = new AlertTracker();
        Instant t = now;
        other.observe(Level.WARNING, 3, COOLDOWN, NO_DATA, t);
        other.observe(Level.CRITICAL, 3, COOLDOWN, NO_DATA, t);
        assertEquals(FIRE, other.observe(Level.CRITICAL, 3, COOLDOWN, NO_DATA, t));
        assertEquals(Severity.WARNING, other.activeSeverity(), "critical for two evaluations only: a warning");
        assertEquals(ESCALATE, other.observe(Level.CRITICAL, 3, COOLDOWN, NO_DATA, t));
        assertEquals(Severity.CRITICAL, other.activeSeverity());
        assertEquals(STILL_ACTIVE, other.observe(Level.WARNING, 3, COOLDOWN, NO_DATA, t),
                     "no de-escalation: the alert stays critical until it resolves");
    }

    @Test
    void resolvesAfterTheSameCountOfNormalEvaluationsThenCoolsDown() {
        see(Level.WARNING);
        see(Level.WARNING);
        see(Level.WARNING);
        assertEquals(NONE, see(Level.NORMAL));
        assertEquals(STILL_ACTIVE, see(Level.WARNING), "a violation interrupts the normal count");
        assertEquals(NONE, see(Level.NORMAL));
        assertEquals(NONE, see(Level.NORMAL));
        assertEquals(RESOLVE, see(Level.NORMAL));
        assertFalse(tracker.isActive());

        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.WARNING), "within the cooldown nothing fires");
        assertEquals(NONE, see(Level.WARNING));
        now = now.plus(COOLDOWN);
        assertEquals(FIRE, see(Level.WARNING), "the violation held through the cooldown: it fires once it ends");
    }

    @Test
    void aManualResolutionStartsTheCooldown() {
        see(Level.CRITICAL);
        see(Level.CRITICAL);
        see(Level.CRITICAL);
        tracker.resolvedByHand(now, COOLDOWN);
        assertFalse(tracker.isActive());
        for (int i = 0; i < 10; i++) {
            assertEquals(NONE, see(Level.CRITICAL));
        }
        now = now.plus(COOLDOWN);
        assertEquals(FIRE, see(Level.CRITICAL));
    }

    @Test
    void missingDataNeitherCountsNorResolvesUntilTheNoDataLimit() {
        see(Level.WARNING);
        assertEquals(NONE, see(Level.NO_DATA));
        see(Level.WARNING);
        assertEquals(FIRE, see(Level.WARNING), "gaps do not break a run of violations");
        assertEquals(NONE, see(Level.NO_DATA));
        now = now.plus(NO_DATA);
        assertEquals(RESOLVE_NO_DATA, see(Level.NO_DATA));
        assertTrue(tracker.idle(now.plus(COOLDOWN)));
    }

    @Test
    void aChangedRuleStartsTheCountOver() {
        tracker.ruleChanged("v1");
        see(Level.WARNING);
        see(Level.WARNING);
        tracker.ruleChanged("v2");
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(NONE, see(Level.WARNING));
        assertEquals(FIRE, see(Level.WARNING));
    }
}
