package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A threshold rule, from the config file or the API. Fields left out take their defaults here, so the file, the
 * API and the stored form agree; every check names the field it refuses.
 *
 * @param labels      matchers on the series' labels (see {@link LabelMatchers}); the rule applies to every matching
 *                    series separately, one alert per label set
 * @param window      the points of the last {@code window} are aggregated
 * @param consecutive evaluations in a row that must violate before the alert fires (and be normal before it
 *                    resolves)
 * @param cooldown    after an alert resolves, the same rule and labels cannot fire again for this long
 */
record Rule(String name, String signal, Map<String, String> labels, Aggregation aggregation,
            @JsonDeserialize(using = Durations.Reader.class) @JsonSerialize(using = Durations.Writer.class)
            Duration window,
            Comparison comparison, Double warning, Double critical, Integer consecutive,
            @JsonDeserialize(using = Durations.Reader.class) @JsonSerialize(using = Durations.Writer.class)
            Duration cooldown,
            Boolean enabled, String description) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,79}");
    static final Pattern SIGNAL = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final int DEFAULT_CONSECUTIVE = 3;
    static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(15);
    static final Duration MAX_WINDOW = Duration.ofHours(24);

    Rule {
        if (name == null || name.isBlank()) {
            throw new RuleException("name", "is required");
        }
        if (!NAME.matcher(name).matches()) {
            throw new RuleException("name", "'" + name + "' must be 1-80 lower-case letters, digits, '.', '_' or '-'");
        }
        if (signal == null || signal.isBlank()) {
            throw new RuleException("signal", "is required (a signal name such as requests.p95_ms)");
        }
        if (!SIGNAL.matcher(signal).matches()) {
            throw new RuleException("signal", "'" + signal + "' is not a signal name (plugin.metric_unit)");
        }
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        LabelMatchers.validate("labels", labels);
        aggregation = aggregation == null ? Aggregation.LAST : aggregation;
        window = window == null ? DEFAULT_WINDOW : window;
        if (window.toMillis() < 1000 || window.compareTo(MAX_WINDOW) > 0) {
            throw new RuleException("window", "must be between 1s and 24h, got " + Durations.format(window));
        }
        comparison = comparison == null ? Comparison.GREATER : comparison;
        if (warning == null && critical == null) {
            throw new RuleException("warning", "a rule needs a warning or a critical threshold (or both)");
        }
        if (warning != null && !Double.isFinite(warning)) {
            throw new RuleException("warning", "must be a finite number");
        }
        if (critical != null && !Double.isFinite(critical)) {
            throw new RuleException("critical", "must be a finite number");
        }
        if (warning != null && critical != null && comparison.violates(warning, critical)) {
            if (comparison == Comparison.EQUAL) {
                throw new RuleException("warning", "must differ from critical for an 'equal' rule (both are "
                        + Statistics.text(critical) + "): a value equal to both would only ever be critical");
            }
            throw new RuleException("warning", "must not be " + comparison.word() + " critical for a '"
                    + comparison.label() + "' rule (warning " + warning + ", critical " + critical + ")");
        }
        consecutive = consecutive == null ? DEFAULT_CONSECUTIVE : consecutive;
        if (consecutive < 1 || consecutive > 100) {
            throw new RuleException("consecutive", "must be between 1 and 100, got " + consecutive);
        }
        cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
        if (cooldown.isNegative() || cooldown.compareTo(Duration.ofDays(7)) > 0) {
            throw new RuleException("cooldown", "must be between 0s and 7d, got " + Durations.format(cooldown));
        }
        enabled = enabled == null ? Boolean.TRUE : enabled;
        if (description != null && description.length() > 500) {
            throw new RuleException("description", "is longer than 500 characters");
        }
    }

    /** The level a value reaches under this rule. */
    Level levelOf(double value) {
        if (critical != null && comparison.violates(value, critical)) {
            return Level.CRITICAL;
        }
        if (warning != null && comparison.violates(value, warning)) {
            return Level.WARNING;
        }
        return Level.NORMAL;
    }
}
