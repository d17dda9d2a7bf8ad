package dev.vigil.plugins.dependencies;

import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.PluginEvent;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.DependencyHealth;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/**
 * The dependency scanner: what it contributes, nothing else. Scans run in {@link ScanService}, the engine in
 * {@link DependencyScanner}; {@link Unloading} undoes what dependency-check leaves in JVM-wide places.
 */
@Extension
public final class DependenciesPlugin implements VigilPlugin {

    private LiveConfig<DependenciesConfig> config;
    private ScanService scans;
    private DependenciesRoutes routes;
    private Unloading unloading;
    private System.Logger log;

    @Override
    public List<Migration> migrations() {
        return List.of(FindingsStore.TABLE, ScanHistory.TABLE, ScanHistory.SOURCES, RegistryCache.TABLE,
                       ScanHistory.LICENSE_FINDINGS);
    }

    @Override
    public void start(PluginContext context) {
        log = context.logger();
        config = context.config(DependenciesConfig.class, DependenciesConfig.DEFAULTS);
        unloading = new Unloading(getClass().getClassLoader());
        unloading.engineLogLevel(config.get().engineLogLevel());
        config.onChange(changed -> unloading.engineLogLevel(changed.engineLogLevel()));
        DependencyScanner scanner = new DependencyScanner(context.dataDir(), context.clock(), context.logger());
        scans = new ScanService(context.pluginId(), config, new TargetResolver(context.server()), scanner,
                                new FindingsStore(context.storage(), context.json().mapper()),
                                new ScanHistory(context.storage().db(), context.json().mapper()),
                                new RegistryCache(context.storage()),
                                new FindingSignals(context.signals(), new FindingMetrics(context.metrics())),
                                context.jobs(), context.clock(), context.logger());
        routes = new DependenciesRoutes(scans, context.jobs(), context.json(), config);
        if (!config.get().vulnerabilityDataConfigured()) {
            context.logger().log(System.Logger.Level.WARNING, VulnerabilityData.notCheckedMessage(
                    "no vulnerability data is configured"));
        }
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.post("/scan", Role.ADMIN, routes::scan)
              .get("/jobs/{id}", Role.VIEWER, routes::job)
              .get("/report", Role.VIEWER, routes::report)
              .get("/vulnerabilities", Role.VIEWER, routes::vulnerabilities)
              .get("/outdated", Role.VIEWER, routes::outdated)
              .get("/components", Role.VIEWER, routes::components)
              .get("/licenses", Role.VIEWER, routes::licenses)
              .get("/plugins", Role.VIEWER, routes::plugins)
              .get("/plugins/{id}", Role.VIEWER, routes::plugin)
              .get("/scans", Role.VIEWER, routes::history);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(ScheduledTask.every(ScanService.FULL_SCAN, () -> config.get().scanInterval(),
                                           scans::scheduledScan)
                               .withInitialDelay(config.get().firstScanDelay()));
    }

    @Override
    public List<Subscription<?>> subscriptions() {
        return List.of(Subscription.batched(PluginEvent.class, 100, scans::onPluginEvents));
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(DependencyHealth.class, new LatestDependencyHealth(scans::report)));
    }

    @Override
    public void stop() {
        if (unloading != null) {
            List<String> drivers = unloading.release();
            if (log != null && !drivers.isEmpty()) {
                log.log(System.Logger.Level.DEBUG, "stop: deregistered the JDBC drivers {0}", drivers);
            }
        }
    }
}
