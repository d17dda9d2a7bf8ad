package dev.vigil.plugins.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.vigil.api.Signals;

/**
 * Publishes, each minute, the overall 75th percentile of each Web Vital over the last hour
 * ({@code dashboard.lcp_p75_ms}, ..., {@code dashboard.cls_p75}) so alert rules can watch real users' experience,
 * and the number of open event streams ({@code dashboard.stream_clients}).
 */
final class VitalsSignals {

    static final String STREAM_CLIENTS = "dashboard.stream_clients";

    private final VitalsReader vitals;
    private final StreamHub hub;
    private final Signals signals;
    private final Clock clock;

    VitalsSignals(VitalsReader vitals, StreamHub hub, Signals signals, Clock clock) {
        this.vitals = vitals;
        this.hub = hub;
        this.signals = signals;
        this.clock = clock;
    }

    static String signalName(WebVital metric) {
        return "dashboard." + metric.key() + "_p75" + (metric.millis() ? "_ms" : "");
    }

    void publish() {
        Instant now = clock.instant();
        signals.publish(STREAM_CLIENTS, Map.of(), hub.clientCount(), now);
        VitalsReader.Report report = vitals.pages(now.minus(Duration.ofHours(1)), null);
        for (WebVital metric : WebVital.values()) {
            VitalsReader.MetricFigures figures = report.overall().get(metric.key());
            if (metric.rated() && figures != null && !Double.isNaN(figures.p75())) {
                signals.publish(signalName(metric), Map.of(), figures.p75(), now);
            }
        }
    }
}
