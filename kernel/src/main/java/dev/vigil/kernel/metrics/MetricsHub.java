package dev.vigil.kernel.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.metrics.Metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Every metric the server exposes: the kernel's own and the JVM's, and one registry per running plugin. A plugin's
 * registry goes when it stops, and with it every family it registered; a name belongs to one owner at a time.
 */
public final class MetricsHub {

    public static final String KERNEL = "kernel";

    private final PluginMetrics kernel;
    private final Map<String, PluginMetrics> plugins = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    public MetricsHub() {
        kernel = new PluginMetrics(KERNEL, this);
        JvmMetrics.builder().register(kernel.registry());
    }

    /** The kernel's own metrics. */
    public Metrics kernel() {
        return kernel;
    }

    /** A plugin's metrics, empty at each start. */
    public Metrics forPlugin(String pluginId) {
        release(pluginId);
        PluginMetrics metrics = new PluginMetrics(pluginId, this);
        plugins.put(pluginId, metrics);
        return metrics;
    }

    /** Drops everything a plugin registered: it stopped, failed or was unloaded. */
    public void release(String pluginId) {
        plugins.remove(pluginId);
        owners.values().removeIf(pluginId::equals);
    }

    void claim(String family, String owner) {
        String holder = owners.putIfAbsent(family, owner);
        if (holder != null && !holder.equals(owner)) {
            throw new IllegalArgumentException("metric " + family + " is already registered by "
                                                       + (holder.equals(KERNEL) ? "the kernel" : "plugin " + holder));
        }
    }

    /** What a scrape shows now, sorted by name so that each scrape reads the same way. */
    public MetricSnapshots scrape() {
        List<MetricSnapshot> all = new ArrayList<>(kernel.registry().scrape().stream().toList());
        for (PluginMetrics metrics : plugins.values()) {
            all.addAll(metrics.registry().scrape().stream().toList());
        }
        all.sort(java.util.Comparator.comparing(snapshot -> snapshot.getMetadata().getPrometheusName()));
        return new MetricSnapshots(all);
    }
}
