package dev.vigil.api.events;

import java.time.Instant;
import java.util.Map;

/**
 * A change of an alert, published by the alerting plugin for the dashboard and anything else that listens.
 *
 * @param change   FIRED, ESCALATED, RESOLVED, ACKNOWLEDGED
 * @param severity warning or critical
 * @param actor    who made the change: {@code system} or a token name
 */
public record AlertEvent(Instant time, String alertId, String rule, Map<String, String> labels, String severity,
                         String change, String signal, double value, String message, String actor) {
}
