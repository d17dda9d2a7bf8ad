package dev.vigil.plugins.otlp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.vigil.api.Durations;
import dev.vigil.api.http.TimestampWindow;

/**
 * {@code config/plugins/otlp.yaml}; every key is described in the shipped file. Everything applies live.
 *
 * @param requestSpanKinds  span kinds that become request records when they are their service's local root
 * @param quietWindow       a trace is assembled once no span of it has arrived for this long and none waits for
 *                          its parent
 * @param orphanWait        how long a span whose parent has not arrived is waited for
 * @param maxOpenSpans      spans held in assembly at most; beyond it exports are answered 503 with Retry-After
 * @param secretAttributes  words that make an attribute secret: its value is stored masked
 */
public record OtlpConfig(long maxBodyBytes, long maxDecompressedBytes, List<SpanRecord.Kind> requestSpanKinds,
                         Duration quietWindow, Duration orphanWait, Duration maxTraceAge, int maxOpenSpans,
                         Duration maxSpanAge, Duration maxClockSkew, Duration handoffTimeout,
                         Duration handoffRetryFor, int maxAttributes, int maxAttributeLength,
                         List<String> secretAttributes, Traces traces, Signals signals, Prometheus prometheus) {

    static final OtlpConfig DEFAULTS = new OtlpConfig(
            8L * 1024 * 1024, 64L * 1024 * 1024, List.of(SpanRecord.Kind.SERVER, SpanRecord.Kind.CONSUMER),
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(2), 200_000, Duration.ofDays(1),
            Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(10), 128, 4096,
            List.of("authorization", "cookie", "set-cookie", "password", "passwd", "secret", "token", "api-key",
                    "apikey", "credential", "credentials", "session", "connection-string"),
            Traces.DEFAULTS, Signals.DEFAULTS, Prometheus.DEFAULTS);

    public OtlpConfig {
        atLeast("max-body-bytes", maxBodyBytes, 1024);
        atLeast("max-decompressed-bytes", maxDecompressedBytes, maxBodyBytes);
        if (requestSpanKinds == null) {
            throw new IllegalArgumentException("request-span-kinds is required (for example [SERVER, CONSUMER])");
        }
        requestSpanKinds = List.copyOf(requestSpanKinds);
        between("quiet-window", quietWindow, Duration.ofMillis(100), Duration.ofMinutes(10));
        between("orphan-wait", orphanWait, quietWindow, Duration.ofHours(1));
        between("max-trace-age", maxTraceAge, orphanWait, Duration.ofHours(2));
        atLeast("max-open-spans", maxOpenSpans, 1000);
        between("max-span-age", maxSpanAge, Duration.ofMinutes(1), Duration.ofDays(30));
        between("max-clock-skew", maxClockSkew, Duration.ZERO, Duration.ofDays(1));
        between("handoff-timeout", handoffTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        between("handoff-retry-for", handoffRetryFor, Duration.ofSeconds(1), Duration.ofDays(1));
        atLeast("max-attributes", maxAttributes, 1);
        atLeast("max-attribute-length", maxAttributeLength, 16);
        secretAttributes = secretAttributes == null ? List.of() : secretAttributes.stream()
                .map(word -> word.toLowerCase(Locale.ROOT).strip()).toList();
        if (traces == null || signals == null || prometheus == null) {
            throw new IllegalArgumentException("traces, signals and prometheus must be maps of settings");
        }
    }

    /**
     * The times the intake accepts, for spans (their start) and log records alike: the shared ingest rule, with
     * {@code max-span-age} as the retention and {@code max-clock-skew} as the allowance.
     */
    TimestampWindow timestampWindow(Instant now) {
        return new TimestampWindow(now, maxSpanAge, maxClockSkew);
    }

    /**
     * What is kept of traces for looking at.
     *
     * @param samplePercent   share of traces neither slow nor failed that are kept (0 to 100)
     * @param slowMs          a trace with a request at least this long is kept; 0 follows the requests plugin's
     *                        {@code slow-request-ms}
     * @param maxSpansPerTrace spans kept of one trace at most
     */
    public record Traces(double samplePercent, double slowMs, Duration retention, Duration retentionInterval,
                         int maxSpansPerTrace) {

        static final Traces DEFAULTS = new Traces(1, 0, Duration.ofDays(7), Duration.ofHours(1), 5000);
        /** The slow threshold when it follows the requests plugin and that plugin is not running. */
        static final double FALLBACK_SLOW_MS = 1000;

        public Traces {
            if (!(samplePercent >= 0 && samplePercent <= 100)) {
                throw new IllegalArgumentException("traces.sample-percent must be between 0 and 100, got "
                                                           + samplePercent);
            }
            if (!(slowMs >= 0)) {
                throw new IllegalArgumentException("traces.slow-ms must be 0 (follow the requests plugin) or a "
                                                           + "number of milliseconds");
            }
            between("traces.retention", retention, Duration.ofMinutes(1), Duration.ofDays(3650));
            between("traces.retention-interval", retentionInterval, Duration.ofSeconds(1), Duration.ofDays(1));
            atLeast("traces.max-spans-per-trace", maxSpansPerTrace, 1);
        }
    }

    /**
     * How OTLP metrics become signals.
     *
     * @param allowAttributes data point attributes that become labels (globs; empty: all not denied)
     * @param denyAttributes  data point attributes never made labels (globs): ids, URLs, addresses by default
     * @param maxSeries       signal series this plugin creates at most; points of further series are refused
     * @param maxLabels       labels of one series at most besides {@code service}
     */
    public record Signals(List<String> allowAttributes, List<String> denyAttributes, int maxSeries, int maxLabels) {

        static final Signals DEFAULTS = new Signals(List.of(), List.of(
                "*.id", "*_id", "url.*", "http.url", "http.target", "client.*", "server.port", "network.peer.*",
                "net.sock.*", "net.peer.port", "user.*", "enduser.*", "*.address"), 2000, 8);

        public Signals {
            allowAttributes = allowAttributes == null ? List.of() : List.copyOf(allowAttributes);
            denyAttributes = denyAttributes == null ? List.of() : List.copyOf(denyAttributes);
            atLeast("signals.max-series", maxSeries, 1);
            if (maxLabels < 0 || maxLabels > 32) {
                throw new IllegalArgumentException("signals.max-labels must be between 0 and 32, got " + maxLabels);
            }
        }
    }

    /**
     * How OTLP metrics appear on {@code /metrics} as {@code otel_*} families. Their labels are the attributes
     * {@code signals.allow-attributes} and {@code signals.deny-attributes} admit.
     *
     * @param maxFamilies metric families created at most; points of further metrics are left out (counted)
     * @param maxSeries   series created at most across those families; points of further series are left out
     * @param maxLabels   labels of one family at most besides {@code service}
     */
    public record Prometheus(int maxFamilies, int maxSeries, int maxLabels) {

        static final Prometheus DEFAULTS = new Prometheus(500, 10_000, 8);

        public Prometheus {
            atLeast("prometheus.max-families", maxFamilies, 1);
            atLeast("prometheus.max-series", maxSeries, 1);
            if (maxLabels < 0 || maxLabels > 32) {
                throw new IllegalArgumentException("prometheus.max-labels must be between 0 and 32, got "
                                                           + maxLabels);
            }
        }
    }

    private static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
    }

    private static void between(String key, Duration value, Duration min, Duration max) {
        Durations.requireBetween(key, value, min, max);
    }
}
