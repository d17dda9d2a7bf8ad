package dev.vigil.kernel.metrics;

import java.util.List;
import java.util.function.Consumer;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.CountedHistogram;
import dev.vigil.api.metrics.Gauge;
import dev.vigil.api.metrics.Histogram;
import dev.vigil.api.metrics.Metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * One owner's metrics (a plugin, or the kernel) in a registry of its own, so that they all go when the plugin
 * stops. Names are claimed in the {@link MetricsHub}, so that no two owners expose the same family.
 */
final class PluginMetrics implements Metrics {

    private static final System.Logger LOG = System.getLogger("vigil.kernel");

    private final String owner;
    private final MetricsHub hub;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    PluginMetrics(String owner, MetricsHub hub) {
        this.owner = owner;
        this.hub = hub;
    }

    PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public Counter counter(String name, String help, String... labelNames) {
        MetricNames.check(name, MetricNames.Kind.COUNTER, help, labelNames);
        hub.claim(MetricNames.family(name), owner);
        io.prometheus.metrics.core.metrics.Counter counter = io.prometheus.metrics.core.metrics.Counter.builder()
                .name(name).help(help).labelNames(labelNames).withoutExemplars().register(registry);
        return new Counter() {
            @Override
            public void inc(double amount, String... labelValues) {
                if (!Double.isFinite(amount) || amount < 0) {
                    throw new IllegalArgumentException("counter " + name + " takes finite amounts >= 0, not "
                                                               + amount);
                }
                counter.labelValues(labelValues).inc(amount);
            }

            @Override
            public void remove(String... labelValues) {
                counter.remove(labelValues);
            }
        };
    }

    @Override
    public Histogram histogram(String name, String help, double[] upperBounds, String... labelNames) {
        MetricNames.check(name, MetricNames.Kind.HISTOGRAM, help, labelNames);
        hub.claim(name, owner);
        io.prometheus.metrics.core.metrics.Histogram histogram = io.prometheus.metrics.core.metrics.Histogram
                .builder().name(name).help(help).labelNames(labelNames).classicOnly()
                .classicUpperBounds(upperBounds).withoutExemplars().register(registry);
        return new Histogram() {
            @Override
            public void observe(double value, String... labelValues) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("histogram " + name + " takes finite values, not " + value);
                }
                histogram.labelValues(labelValues).observe(value);
            }

            @Override
            public void remove(String... labelValues) {
                histogram.remove(labelValues);
            }
        };
    }

    @Override
    public CountedHistogram countedHistogram(String name, String help, double[] upperBounds, String... labelNames) {
        MetricNames.check(name, MetricNames.Kind.HISTOGRAM, help, labelNames);
        CountedHistogramFamily family = new CountedHistogramFamily(name, help, upperBounds, labelNames);
        hub.claim(name, owner);
        registry.register(family);
        return family;
    }

    @Override
    public Gauge gauge(String name, String help, String... labelNames) {
        MetricNames.check(name, MetricNames.Kind.GAUGE, help, labelNames);
        hub.claim(name, owner);
        io.prometheus.metrics.core.metrics.Gauge gauge = io.prometheus.metrics.core.metrics.Gauge.builder()
                .name(name).help(help).labelNames(labelNames).withoutExemplars().register(registry);
        return new Gauge() {
            @Override
            public void set(double value, String... labelValues) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("gauge " + name + " takes finite values, not " + value);
                }
                gauge.labelValues(labelValues).set(value);
            }

            @Override
            public void remove(String... labelValues) {
                gauge.remove(labelValues);
            }
        };
    }

    @Override
    public void gaugeReadAtScrape(String name, String help, List<String> labelNames, Consumer<GaugeSink> reader) {
        String[] labels = labelNames.toArray(String[]::new);
        MetricNames.check(name, MetricNames.Kind.GAUGE, help, labels);
        hub.claim(name, owner);
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(callback -> read(name, reader, callback::call)).register(registry);
    }

    @Override
    public void counterReadAtScrape(String name, String help, List<String> labelNames, Consumer<GaugeSink> reader) {
        String[] labels = labelNames.toArray(String[]::new);
        MetricNames.check(name, MetricNames.Kind.COUNTER, help, labels);
        hub.claim(MetricNames.family(name), owner);
        CounterWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(callback -> read(name, reader, callback::call)).register(registry);
    }

    /** Runs a plugin's reader for one scrape; what it cannot read is left out, the rest of the scrape goes on. */
    private void read(String name, Consumer<GaugeSink> reader, GaugeSink scrape) {
        try {
            reader.accept((value, labelValues) -> {
                // A scrape shows what is known: a series without a finite value is left out, not written NaN.
                if (Double.isFinite(value)) {
                    scrape.set(value, labelValues);
                }
            });
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "metric {0} of {1} could not be read: {2}", name, owner,
                    failed.toString());
        }
    }
}
