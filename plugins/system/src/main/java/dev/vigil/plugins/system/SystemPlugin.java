package dev.vigil.plugins.system;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.ResourceHistory;
import dev.vigil.api.services.ResourceUsage;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/**
 * Host and process resources: what the plugin contributes, nothing else. Sampling is in {@link SamplingTask},
 * storage in {@link SampleStore}, health in {@link HealthEvaluator}, retention in {@link RetentionTask}, routes
 * in {@link SystemRoutes}.
 */
@Extension
public final class SystemPlugin implements VigilPlugin {

    /** The first sample comes soon after start, so that health is known within a second or two. */
    private static final Duration FIRST_SAMPLE_DELAY = Duration.ofSeconds(1);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);

    private PluginContext context;
    private LiveConfig<SystemConfig> config;
    private SampleStore store;
    private SamplingTask sampling;
    private RetentionTask retention;
    private SystemRoutes routes;
    private Supplier<String> host;

    @Override
    public List<Migration> migrations() {
        return SampleStore.MIGRATIONS;
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        config = context.config(SystemConfig.class, SystemConfig.DEFAULTS);
        HostProbe probe = HostProbe.open(context.logger());
        HostInfo info = HostInfo.read(probe);
        host = () -> config.get().hostName().isEmpty() ? info.hostName() : config.get().hostName();
        store = new SampleStore(context.storage());
        // Gauges read the sampling task's latest sample at each scrape; nothing before the task exists.
        SystemMetrics metrics = new SystemMetrics(context.metrics(), () -> sampling == null ? null
                : sampling.latest());
        sampling = new SamplingTask(probe, store, context.signals(), metrics, config, host, context.clock(),
                                    context.logger());
        retention = new RetentionTask(store, config, context.clock(), context.logger());
        routes = new SystemRoutes(config, sampling, store, info, host, context.json(), context.clock());
        // Numbers go in as text: the logger's MessageFormat would print 3600 as "3,600".
        context.logger().log(System.Logger.Level.INFO, "sampling {0} ({1}, {2} logical cores) every {3} with {4}",
                             host.get(), info.cpu().model(), String.valueOf(info.cpu().logicalCores()),
                             config.get().interval(), probe.provider());
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.get("/health", Role.VIEWER, routes::health)
              .get("/metrics", Role.VIEWER, routes::metrics)
              .get("/info", Role.VIEWER, routes::info);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("sample", () -> config.get().interval(), sampling::run)
                        .withInitialDelay(FIRST_SAMPLE_DELAY),
                ScheduledTask.every("retention", RETENTION_EVERY, retention::run)
                        .withInitialDelay(Duration.ofMinutes(1))
                        .onlyOncePerCluster());
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(ResourceHistory.class, new StoredResourceHistory(store, host)),
                       ProvidedService.of(ResourceUsage.class, (from, to) -> store.usage(host.get(), from, to)));
    }

    @Override
    public void stop() {
        JnaCleanerStopper.stop(context.logger());
    }
}
