package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import dev.vigil.api.Signals;

/** Applies a threshold rule to the signal history: one observation per matching series. */
final class RuleEvaluator {

    private final Signals signals;

    RuleEvaluator(Signals signals) {
        this.signals = signals;
    }

    List<Observation> observe(Rule rule, Instant now) {
        List<Observation> observations = new ArrayList<>();
        String fingerprint = rule.toString();
        for (Signals.SignalSeries series : signals.history(rule.signal(), null, now.minus(rule.window()))) {
            if (!LabelMatchers.matches(rule.labels(), series.labels())) {
                continue;
            }
            List<Signals.Point> points = series.points().stream().filter(p -> !p.time().isAfter(now)).toList();
            OptionalDouble value = rule.aggregation().apply(points);
            AlertKey key = new AlertKey(rule.name(), series.labels());
            if (value.isEmpty()) {
                observations.add(new Observation(key, rule.signal(), Level.NO_DATA, Double.NaN,
                                                 Series.describe(rule.signal(), series.labels()) + " has no data",
                                                 rule.warning(), rule.critical(), rule.comparison(),
                                                 rule.description(), rule.consecutive(), rule.cooldown(), fingerprint));
                continue;
            }
            double measured = value.getAsDouble();
            String how = rule.aggregation() == Aggregation.LAST ? " is "
                    : " " + rule.aggregation().label() + " over " + Durations.format(rule.window()) + " is ";
            observations.add(new Observation(key, rule.signal(), rule.levelOf(measured), measured,
                                             Series.describe(rule.signal(), series.labels()) + how
                                                     + Statistics.text(measured),
                                             rule.warning(), rule.critical(), rule.comparison(), rule.description(),
                                             rule.consecutive(), rule.cooldown(), fingerprint));
        }
        return observations;
    }
}
