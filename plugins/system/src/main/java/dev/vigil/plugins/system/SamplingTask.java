package dev.vigil.plugins.system;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.Signals;

/**
 * One run of the sampling task: read the host, compute rates against the previous reading, keep the sample as the
 * latest, publish it as signals (and bring the counters of its metrics up to date), judge its health (logging a change
 * of level), and store it.
 */
final class SamplingTask {

    static final String HEALTH_SIGNAL = "system.health_level";

    /**
     * The latest sample, the interval in force when it was taken, and what the run cost: in all, reading the host
     * through OSHI, and storing (null while the store is still going or when it failed).
     */
    record Latest(Sample sample, Duration interval, long samplesTaken, double costMs, double readMs, Double storeMs) {
    }

    private final HostProbe probe;
    private final SampleStore store;
    private final Signals signals;
    private final SystemMetrics metrics;
    private final LiveConfig<SystemConfig> config;
    private final Supplier<String> host;
    private final Clock clock;
    private final System.Logger log;
    private Reading previous;
    private List<String> filterRules;
    private DiskFilter filter;
    private Health.Level lastLevel;
    private long samplesTaken;
    private volatile Latest latest;

    SamplingTask(HostProbe probe, SampleStore store, Signals signals, SystemMetrics metrics,
                 LiveConfig<SystemConfig> config, Supplier<String> host, Clock clock, System.Logger log) {
        this.probe = probe;
        this.store = store;
        this.signals = signals;
        this.metrics = metrics;
        this.config = config;
        this.host = host;
        this.clock = clock;
        this.log = log;
    }

    /** Null until the first run. */
    Latest latest() {
        return latest;
    }

    /** Runs never overlap (the scheduler sees to it); synchronized so that each run sees the previous one's state. */
    synchronized void run() throws SQLException {
        long started = System.nanoTime();
        SystemConfig settings = config.get();
        // Stored in milliseconds: shown with the same precision everywhere.
        Reading reading = probe.read(clock.instant().truncatedTo(ChronoUnit.MILLIS),
                                     filterFor(settings.ignoreMounts()));
        double readMs = millisSince(started);
        Sample sample = RateCalculator.sample(previous, reading);
        previous = reading;
        metrics.read(reading);
        for (Sample.Point point : sample.points()) {
            Map<String, String> labels = point.metric().label() == null ? Map.of()
                    : Map.of(point.metric().label(), point.label());
            signals.publish(point.metric().signal(), labels, point.value(), sample.time());
        }
        // Judged at the sample's own time, so it cannot be stale; the routes judge staleness at request time.
        Health health = HealthEvaluator.evaluate(sample, settings.thresholds(), sample.time(), Duration.ZERO);
        signals.publish(HEALTH_SIGNAL, Map.of(), health.level().signalValue(), sample.time());
        logChange(health);
        samplesTaken++;
        latest = new Latest(sample, settings.interval(), samplesTaken, millisSince(started), readMs, null);
        // Stored last: if the database fails the run fails visibly, but health and signals stay current.
        long storing = System.nanoTime();
        store.insert(host.get(), sample);
        latest = new Latest(sample, settings.interval(), samplesTaken, millisSince(started), readMs,
                            millisSince(storing));
    }

    private static double millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e6;
    }

    private DiskFilter filterFor(List<String> rules) {
        if (!rules.equals(filterRules)) {
            filter = new DiskFilter(rules);
            filterRules = rules;
        }
        return filter;
    }

    private void logChange(Health health) {
        Health.Level level = health.level();
        if (level == lastLevel) {
            return;
        }
        System.Logger.Level severity = level == Health.Level.HEALTHY ? System.Logger.Level.INFO
                : System.Logger.Level.WARNING;
        if (lastLevel == null && level == Health.Level.HEALTHY) {
            log.log(System.Logger.Level.INFO, "first sample: {0}", health.summary());
        } else {
            log.log(severity, "health {0} -> {1}: {2}", lastLevel == null ? "unknown" : lastLevel.word(),
                    level.word(), health.summary());
        }
        lastLevel = level;
    }
}
