package dev.vigil.plugins.dashboard;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Signal;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.AlertEvent;
import dev.vigil.api.events.PluginEvent;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.WriteQueue;

import org.pf4j.Extension;

/**
 * The web dashboard and browser monitoring: what the plugin contributes, nothing else. The page and assets are
 * in {@link WebAssets}, the live stream in {@link StreamHub} and {@link StreamRoute}, vitals in
 * {@link VitalsParser}, {@link VitalsWriter} and {@link VitalsReader}.
 */
@Extension
public final class DashboardPlugin implements VigilPlugin {

    private static final int VITALS_QUEUE_CAPACITY = 50_000;

    private PluginContext context;
    private LiveConfig<DashboardConfig> config;
    private StreamHub hub;
    private VitalsWriter writer;
    private VitalsReader vitals;
    private AssetRoutes assets;
    private StreamRoute stream;
    private DashboardRoutes api;
    private VitalsSignals vitalsSignals;

    @Override
    public List<Migration> migrations() {
        return DashboardSchema.migrations();
    }

    @Override
    public void start(PluginContext pluginContext) {
        context = pluginContext;
        config = context.config(DashboardConfig.class, DashboardConfig.DEFAULTS);
        WebAssets web = WebAssets.load(DashboardPlugin.class);
        web.render(config.get());
        config.onChange(web::render);
        hub = new StreamHub(context.json().mapper());
        writer = new VitalsWriter(() -> config.get().maxPages());
        WriteQueue<VitalRecord> queue = context.storage().writeQueue("vitals", VITALS_QUEUE_CAPACITY, writer);
        vitals = new VitalsReader(context.storage().db());
        assets = new AssetRoutes(web);
        stream = new StreamRoute(hub, config, context.clock(), context.logger());
        api = new DashboardRoutes(config, context.json(), queue, vitals, hub, context.server(), context.clock(),
                                  new DashboardRoutes.IngestCounters(), context.signals());
        vitalsSignals = new VitalsSignals(vitals, hub, context.signals(), context.clock());
    }

    @Override
    public void routes(PluginRoutes routes) {
        routes.get("/session", Role.VIEWER, api::session)
              .get("/status", Role.VIEWER, api::status)
              .get("/stream", Role.VIEWER, stream::stream)
              .get("/signals", Role.VIEWER, api::signals)
              .post("/vitals", Role.INGEST, api::ingest)
              .get("/vitals", Role.VIEWER, api::pages)
              .get("/vitals/page", Role.VIEWER, api::page)
              .get("/vitals/resources", Role.VIEWER, api::resources);
        routes.root()
              .get("/", Role.PUBLIC, assets::index)
              .get("/assets/{name}", Role.PUBLIC, assets::asset)
              .get("/vigil.js", Role.PUBLIC, assets::agent);
    }

    @Override
    public List<Subscription<?>> subscriptions() {
        return List.of(Subscription.to(Signal.class, hub::signal),
                       Subscription.to(AlertEvent.class, hub::alert),
                       Subscription.to(PluginEvent.class, hub::plugin));
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("publish-signals", Duration.ofMinutes(1), vitalsSignals::publish),
                ScheduledTask.every("retention", Duration.ofHours(1), this::deleteOldVitals)
                        .withInitialDelay(Duration.ofMinutes(1)).onlyOncePerCluster());
    }

    private void deleteOldVitals() {
        long deleted = vitals.deleteBefore(context.clock().instant().minus(config.get().vitalsRetention()));
        if (deleted > 0) {
            writer.forgetPages();
            context.logger().log(System.Logger.Level.INFO, "retention: deleted {0} rows of vitals older than {1}",
                                 deleted, DashboardConfig.Durations.text(config.get().vitalsRetention()));
        }
    }

    @Override
    public void stop() {
        if (hub != null) {
            hub.close();
        }
    }
}
