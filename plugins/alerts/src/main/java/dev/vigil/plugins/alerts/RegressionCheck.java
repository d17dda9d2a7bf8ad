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
 * {@code higher-is-better}. The percentage is taken of the baseline mean, or of the signal's
 * {@code min-baseline-mean} when that is larger: a percentage of zero is undefined, and one of a near-zero mean
 * (an error rate of 0.1 %) turns noise into regressions. A baseline mean of zero with no such floor gives no
 * measure at all, so that series is not checked.
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
            double floor = settings.minBaselineMean().getOrDefault(baseline.signal(), 0.0);
            double scale = Math.max(Math.abs(baseline.mean()), floor);
            if (scale < 1e-9) {
                continue;
            }
            boolean higherIsBetter = config.higherIsBetter(baseline.signal());
            Comparison comparison = higherIsBetter ? Comparison.LESS : Comparison.GREATER;
            double sign = higherIsBetter ? -1 : 1;
            double warning = baseline.mean() + sign * scale * settings.sensitivityPercent() / 100;
            double critical = baseline.mean() + sign * scale * settings.criticalPercent() / 100;
            AlertKey key = new AlertKey(ruleName(baseline.signal()), baseline.labels());
            String fingerprint = baseline.establishedAt() + "/" + settings;
            String note = "baseline mean " + Statistics.text(baseline.mean()) + " established "
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
            double worse = sign * (current - baseline.mean());
            double worsePercent = worse / scale * 100;
            Level level = worsePercent > settings.criticalPercent() ? Level.CRITICAL
                    : worsePercent > settings.sensitivityPercent() ? Level.WARNING : Level.NORMAL;
            String direction = worse >= 0 ? "worse" : "better";
            String change = scale > Math.abs(baseline.mean())
                    ? Statistics.text(Math.abs(worse)) + " " + direction + " than its baseline ("
                            + Statistics.text(Math.abs(worsePercent)) + "% of min-baseline-mean "
                            + Statistics.text(floor) + ")"
                    : Statistics.text(Math.abs(worsePercent)) + "% " + direction + " than its baseline";
            String subject = series + " mean over " + Durations.format(settings.window()) + " is "
                    + Statistics.text(current) + ", " + change;
            observations.add(new Observation(key, baseline.signal(), level, current, subject, warning, critical,
                                             comparison, note, settings.consecutive(), settings.cooldown(),
                                             fingerprint));
        }
        return observations;
    }
}
