package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.api.SignalCatalog;

/**
 * {@code config/plugins/alerts.yaml}. {@link #DEFAULTS} are the values shipped in that file (a unit test keeps
 * them equal), so a server without the file behaves like one with the shipped file.
 */
record AlertsConfig(Duration evaluationInterval, Duration noDataResolveAfter, List<Rule> rules,
                    List<Channel> channels, DeliverySettings delivery, Regression regression, BaselineSettings baseline,
                    Trends trends, Archive archive, Retention retention, List<String> higherIsBetter) {

    static final AlertsConfig DEFAULTS = new AlertsConfig(
            Duration.ofSeconds(15), Duration.ofMinutes(30), defaultRules(), List.of(),
            new DeliverySettings(4, Duration.ofSeconds(2), Duration.ofMinutes(1), 1000),
            new Regression(true, 15, 50, Duration.ofMinutes(5), 3, Duration.ofMinutes(30),
                           Map.of(SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, 10.0,
                                  SignalCatalog.REQUESTS_THROUGHPUT_RPS, 1.0)),
            new BaselineSettings(60, 10, List.of(SignalCatalog.REQUESTS_P95_MS, SignalCatalog.REQUESTS_AVG_MS,
                                                 SignalCatalog.REQUESTS_ERROR_RATE_PERCENT,
                                                 SignalCatalog.REQUESTS_THROUGHPUT_RPS,
                                                 SignalCatalog.QUERIES_AVG_MS, SignalCatalog.SYSTEM_CPU_PERCENT,
                                                 SignalCatalog.SYSTEM_MEMORY_PERCENT)),
            new Trends(10, 0.05, 5),
            new Archive(true, List.of(SignalCatalog.REQUESTS_P95_MS, SignalCatalog.REQUESTS_AVG_MS,
                                      SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, SignalCatalog.REQUESTS_THROUGHPUT_RPS,
                                      SignalCatalog.QUERIES_AVG_MS, SignalCatalog.SYSTEM_CPU_PERCENT,
                                      SignalCatalog.SYSTEM_MEMORY_PERCENT, SignalCatalog.SYSTEM_DISK_PERCENT,
                                      SignalCatalog.ERRORS_EVENTS_PER_MINUTE), 50),
            new Retention(Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(30)),
            List.of(SignalCatalog.REQUESTS_THROUGHPUT_RPS, SignalCatalog.DEPENDENCIES_HEALTH_SCORE));

    AlertsConfig {
        requireBetween("evaluation-interval", evaluationInterval, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("no-data-resolve-after", noDataResolveAfter, Duration.ofMinutes(1), Duration.ofDays(7));
        rules = rules == null ? List.of() : List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new IllegalArgumentException("rules[" + i + "]: is empty");
            }
            if (!names.add(rules.get(i).name())) {
                throw new IllegalArgumentException("rules[" + i + "].name: two rules are named '"
                                                           + rules.get(i).name() + "'");
            }
        }
        channels = channels == null ? List.of() : List.copyOf(channels);
        Set<String> channelNames = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            if (channels.get(i) == null || !channelNames.add(channels.get(i).name())) {
                throw new IllegalArgumentException("channels[" + i + "].name: two channels are named '"
                                                           + (channels.get(i) == null ? null : channels.get(i).name())
                                                           + "'");
            }
        }
        require("delivery", delivery);
        require("regression", regression);
        require("baseline", baseline);
        require("trends", trends);
        require("archive", archive);
        require("retention", retention);
        higherIsBetter = higherIsBetter == null ? List.of() : List.copyOf(higherIsBetter);
    }

    /** Whether a rising value of this signal is good news (for regressions and trends). */
    boolean higherIsBetter(String signal) {
        return higherIsBetter.contains(signal);
    }

    /** Retries of a failed notification: attempts in all, with a doubling pause between them. */
    record DeliverySettings(int attempts, Duration initialBackoff, Duration maxBackoff, int maxPending) {
        DeliverySettings {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("attempts: must be between 1 and 20");
            }
            requireBetween("initial-backoff", initialBackoff, Duration.ofMillis(10), Duration.ofHours(1));
            requireBetween("max-backoff", maxBackoff, initialBackoff, Duration.ofHours(6));
            if (maxPending < 1 || maxPending > 100_000) {
                throw new IllegalArgumentException("max-pending: must be between 1 and 100000");
            }
        }

        /** The pause after failed attempt {@code attempt} (1-based). */
        Duration backoffAfter(int attempt) {
            long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 30);
            return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
        }
    }

    /**
     * Regression alerts: a baselined series worse than its baseline mean by more than a percentage.
     *
     * @param minBaselineMean per signal, the least mean a percentage is taken of (in the signal's unit): a baseline
     *                        mean below it counts as this much, so a baseline of 0 is still measured and a tiny
     *                        one does not turn noise into regressions; 0 (or absent) for none
     */
    record Regression(boolean enabled, double sensitivityPercent, double criticalPercent, Duration window,
                      int consecutive, Duration cooldown, Map<String, Double> minBaselineMean) {
        Regression {
            if (!(sensitivityPercent > 0 && sensitivityPercent <= 1000)) {
                throw new IllegalArgumentException("sensitivity-percent: must be above 0 and at most 1000");
            }
            if (!(criticalPercent >= sensitivityPercent && criticalPercent <= 10_000)) {
                throw new IllegalArgumentException("critical-percent: must be at least sensitivity-percent ("
                                                           + sensitivityPercent + ")");
            }
            requireBetween("window", window, Duration.ofSeconds(10), Duration.ofHours(24));
            if (consecutive < 1 || consecutive > 100) {
                throw new IllegalArgumentException("consecutive: must be between 1 and 100");
            }
            requireBetween("cooldown", cooldown, Duration.ZERO, Duration.ofDays(7));
            // Sorted, so the settings (part of a regression's fingerprint) read the same after every reload.
            TreeMap<String, Double> floors = new TreeMap<>();
            if (minBaselineMean != null) {
                minBaselineMean.forEach((signal, floor) -> {
                    String key = "min-baseline-mean." + signal;
                    if (signal == null || !Rule.SIGNAL.matcher(signal).matches()) {
                        throw new IllegalArgumentException(key + ": '" + signal + "' is not a signal name");
                    }
                    if (floor == null || !Double.isFinite(floor) || floor < 0) {
                        throw new IllegalArgumentException(key + ": must be a number of 0 or more, in the signal's "
                                                                   + "unit (0 for none)");
                    }
                    floors.put(signal, floor);
                });
            }
            minBaselineMean = Collections.unmodifiableMap(floors);
        }
    }

    /** Defaults of {@code POST /api/v1/alerts/baseline}. */
    record BaselineSettings(int defaultDurationMinutes, int minPoints, List<String> signals) {
        BaselineSettings {
            if (defaultDurationMinutes < 1 || defaultDurationMinutes > 10_080) {
                throw new IllegalArgumentException("default-duration-minutes: must be between 1 and 10080");
            }
            if (minPoints < 2 || minPoints > 100_000) {
                throw new IllegalArgumentException("min-points: must be between 2 and 100000");
            }
            signals = signals == null ? List.of() : List.copyOf(signals);
            validateSignals("signals", signals);
        }
    }

    /** {@code GET /api/v1/alerts/trends}: the test's thresholds. */
    record Trends(int minPoints, double significance, double minChangePercent) {
        Trends {
            if (minPoints < 3 || minPoints > 100_000) {
                throw new IllegalArgumentException("min-points: must be between 3 and 100000");
            }
            if (!(significance > 0 && significance < 0.5)) {
                throw new IllegalArgumentException("significance: must be above 0 and below 0.5");
            }
            if (!(minChangePercent >= 0 && minChangePercent <= 1000)) {
                throw new IllegalArgumentException("min-change-percent: must be between 0 and 1000");
            }
        }
    }

    /** Per-minute summaries of chosen signals kept in the database, beyond the kernel's in-memory history. */
    record Archive(boolean enabled, List<String> signals, int maxSeriesPerSignal) {
        Archive {
            signals = signals == null ? List.of() : List.copyOf(signals);
            validateSignals("signals", signals);
            if (maxSeriesPerSignal < 1 || maxSeriesPerSignal > 10_000) {
                throw new IllegalArgumentException("max-series-per-signal: must be between 1 and 10000");
            }
        }
    }

    /** How long stored data is kept. */
    record Retention(Duration alerts, Duration deliveries, Duration signalMinutes) {
        Retention {
            requireBetween("alerts", alerts, Duration.ofDays(1), Duration.ofDays(3650));
            requireBetween("deliveries", deliveries, Duration.ofDays(1), Duration.ofDays(3650));
            requireBetween("signal-minutes", signalMinutes, Duration.ofDays(1), Duration.ofDays(3650));
        }
    }

    private static List<Rule> defaultRules() {
        // Requests and queries publish an overall series (no labels) and per-service ones: these rules take the
        // overall one. Errors publish both too: those rules take the per-service ones, so an alert names the service.
        Map<String, String> overall = Map.of("service", "");
        Map<String, String> perService = Map.of("service", "*");
        Duration window = Rule.DEFAULT_WINDOW;
        Duration cooldown = Rule.DEFAULT_COOLDOWN;
        return List.of(
                new Rule("request-latency-p95", SignalCatalog.REQUESTS_P95_MS, overall, Aggregation.LAST, window,
                         Comparison.GREATER, 2000.0, 5000.0, 3, cooldown, true,
                         "95th percentile response time, all services"),
                new Rule("query-time-avg", SignalCatalog.QUERIES_AVG_MS, overall, Aggregation.LAST, window,
                         Comparison.GREATER, 500.0, 2000.0, 3, cooldown, true, "average database query time"),
                new Rule("memory-usage", SignalCatalog.SYSTEM_MEMORY_PERCENT, Map.of(), Aggregation.LAST, window,
                         Comparison.GREATER, 80.0, 90.0, 3, cooldown, true, "host memory in use"),
                new Rule("cpu-usage", SignalCatalog.SYSTEM_CPU_PERCENT, Map.of(), Aggregation.LAST, window,
                         Comparison.GREATER, 80.0, 95.0, 3, cooldown, true, "host CPU in use"),
                new Rule("disk-usage", SignalCatalog.SYSTEM_DISK_PERCENT, Map.of("mount", "*"), Aggregation.LAST,
                         window, Comparison.GREATER, 80.0, 95.0, 3, cooldown, true, "disk space in use, per mount"),
                new Rule("request-error-rate", SignalCatalog.REQUESTS_ERROR_RATE_PERCENT, overall, Aggregation.LAST,
                         window, Comparison.GREATER, 5.0, 10.0, 3, cooldown, true,
                         "percent of requests answered 5xx, all services"),
                new Rule("critical-error-events", SignalCatalog.ERRORS_CRITICAL_EVENTS, perService, Aggregation.LAST,
                         window, Comparison.GREATER, null, 0.0, 1, cooldown, true, "a CRITICAL error was logged"),
                new Rule("error-regressions", SignalCatalog.ERRORS_REGRESSIONS, perService, Aggregation.LAST, window,
                         Comparison.GREATER, null, 0.0, 1, cooldown, true, "a resolved error group came back"),
                // The queries plugin counts, per minute, the requests that ran more statements than its
                // query-count-threshold (50): the window's largest count above 0 means one or more did. Vigil's own
                // requests (service vigil) are left out: a bulk action over many alerts runs many statements.
                new Rule("queries-per-request", SignalCatalog.QUERIES_FLAGGED_REQUESTS, Map.of("service", "!vigil"),
                         Aggregation.MAX,
                         window, Comparison.GREATER, 0.0, null, 1, cooldown, true,
                         "requests ran more statements than the queries plugin's query-count-threshold"),
                // What is too little traffic depends on the site: shipped off, to be set and enabled.
                new Rule("request-throughput-floor", SignalCatalog.REQUESTS_THROUGHPUT_RPS, overall, Aggregation.AVG,
                         window, Comparison.LESS, 1.0, 0.1, 3, cooldown, false,
                         "requests per second, all services, fell below the expected floor"));
    }

    private static void validateSignals(String key, List<String> signals) {
        for (int i = 0; i < signals.size(); i++) {
            String signal = signals.get(i);
            if (signal == null || !Rule.SIGNAL.matcher(signal).matches()) {
                throw new IllegalArgumentException(key + "[" + i + "]: '" + signal + "' is not a signal name");
            }
        }
    }

    private static void require(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
    }

    static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new IllegalArgumentException(key + ": is required");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + ": must be between " + Durations.format(min) + " and "
                                                       + Durations.format(max) + ", got " + Durations.format(value));
        }
    }
}
