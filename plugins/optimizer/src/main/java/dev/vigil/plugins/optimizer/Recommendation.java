package dev.vigil.plugins.optimizer;

import java.util.Map;

/**
 * One ranked piece of advice.
 *
 * @param evidence   the numbers behind it
 * @param impactMs   estimated milliseconds of request time at stake over the analysed period (ranks advice of equal
 *                   severity)
 */
record Recommendation(int rank, Severity severity, String kind, String title, String service, String method,
                      String endpoint, Map<String, Object> evidence, String suggestion, double impactMs) {

    /** How urgent, most urgent first. */
    enum Severity {
        CRITICAL, WARNING, INFO;

        @com.fasterxml.jackson.annotation.JsonValue
        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    Recommendation ranked(int newRank) {
        return new Recommendation(newRank, severity, kind, title, service, method, endpoint, evidence, suggestion,
                                  impactMs);
    }
}
