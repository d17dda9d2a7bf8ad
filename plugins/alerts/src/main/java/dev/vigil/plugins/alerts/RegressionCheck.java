package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.vigil.api.Signals;

/**
 * Compares each baselined series' recent mean with its baseline mean: worse by more than the sensitivity is a
 * warning, worse by more than the critical percentage is critical. "Worse" is higher, except for signals listed in
 * {@code higher-is-better}. A baseline mean of zero gives no relative measure, so such series are not checked.
 */
final class RegressionCheck {

    static final String RULE_PREFIX = "regression:";

    private final Signals signals;

    RegressionCheck(Signals signals) {
        this.signals = signals;
    }

    /** The rule name regression alerts of a signal go under. */
    static String ruleName(String signal) {
        return RULE_PREFIX + signal;
    }

    /** Rule names the baselines stand for, so the engine knows which regression alerts still have a reason. */
    static Set<String> ruleNames(List<Baseline> baselines) {
        Set<String> names = new TreeSet<>();
        baselines.forEach(b -> names.add(ruleName(b.signal())));
        return names;
    }

    List<Observation> observe(List<Baseline> baselines, AlertsConfig config, Instant now) {
        AlertsConfig.Regression settings = config.regression();
        List<Observation> observations = new ArrayList<>();
        for (Baseline baseline : baselines) {
            if (Math.abs(baseline.mean()) < 1e-9) {
                continue;
            }
            boolean higherIsBetter = config.higherIsBetter(baseline.signal());
            Comparison comparison = higherIsBetter ? Comparison.LESS : Comparison.GREATER;
            double sign = higherIsBetter ? -1 : 1;
            double warning = baseline.mean() * (1 + sign * settings.sensitivityPercent() / 100);
            double critical = baseline.mean() * (1 + sign * settings.criticalPercent() / 100);
            AlertKey key = new AlertKey(ruleName(baseline.signal()), baseline.labels());
            String fingerprint = baseline.establishedAt() + "/" + settings;
            String note = "baseline mean " + Statistics.round(baseline.mean()) + " established "
                    + baseline.establishedAt();
            List<Signals.Point> points = signals.history(baseline.signal(), baseline.labels(),
                                                         now.minus(settings.window())).stream()
                    .filter(series -> series.labels().equals(baseline.labels()))
                    .flatMap(series -> series.points().stream())
                    .filter(point -> !point.time().isAfter(now))
                    .toList();
            String series = Series.describe(baseline.signal(), baseline.labels());
            if (points.isEmpty()) {
                observations.add(new Observation(key, baseline.signal(), Level.NO_DATA, Double.NaN, series
                        + " has no data", warning, critical, comparison, note, settings.consecutive(),
                                                 settings.cooldown(), fingerprint));
                continue;
            }
            double current = Statistics.mean(points.stream().mapToDouble(Signals.Point::value).toArray());
            double worsePercent = sign * (current - baseline.mean()) / Math.abs(baseline.mean()) * 100;
            Level level = worsePercent > settings.criticalPercent() ? Level.CRITICAL
                    : worsePercent > settings.sensitivityPercent() ? Level.WARNING : Level.NORMAL;
            String subject = series + " mean over " + Durations.format(settings.window()) + " is "
                    + Statistics.round(current) + ", " + Statistics.round(Math.abs(worsePercent)) + "% "
                    + (worsePercent >= 0 ? "worse" : "better") + " than its baseline";
            observations.add(new Observation(key, baseline.signal(), level, current, subject, warning, critical,
                                             comparison, note, settings.consecutive(), settings.cooldown(),
                                             fingerprint));
        }
        return observations;
    }
}
