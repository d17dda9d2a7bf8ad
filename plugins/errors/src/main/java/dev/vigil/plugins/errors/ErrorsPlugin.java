package dev.vigil.plugins.errors;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.ErrorEvent;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.api.services.ErrorIngest;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.WriteQueue;

import org.pf4j.Extension;

/**
 * Error logging: what the plugin contributes, nothing else. Ingested errors and Vigil's own both go through
 * {@link ErrorPipeline}; {@link GroupWriter} groups them; {@link ErrorStore} answers the routes.
 */
@Extension
public final class ErrorsPlugin implements VigilPlugin {

    /** Completed minutes are published within this long of their end. */
    private static final Duration SIGNAL_CHECK = Duration.ofSeconds(5);
    private static final int VIGIL_ERRORS_PER_BATCH = 200;

    private PluginContext context;
    private LiveConfig<ErrorsConfig> config;
    private StoredErrorIngest handed;
    private ErrorStore store;
    private ErrorSignals signals;
    private ErrorPipeline pipeline;
    private ErrorsRoutes routes;

    @Override
    public List<Migration> migrations() {
        return ErrorsSchema.MIGRATIONS;
    }

    @Override
    public void start(PluginContext pluginContext) {
        context = pluginContext;
        config = context.config(ErrorsConfig.class, ErrorsConfig.DEFAULTS);
        var mapper = context.json().mapper();
        store = new ErrorStore(context.storage(), mapper, context.clock());
        WriteQueue<PreparedError> queue = context.storage().writeQueue(
                "occurrences", config.get().queueCapacity(),
                new GroupWriter(context.clock(), () -> config.get().occurrencesPerGroup()));
        signals = new ErrorSignals(context.signals(), context.clock(), store.recentServices());
        ErrorMetrics metrics = new ErrorMetrics(context.metrics());
        pipeline = new ErrorPipeline(config::get, new ErrorPreparer(mapper), queue, signals, metrics,
                                     context.logger(), context.clock());
        handed = new StoredErrorIngest(pipeline, config::get, context.clock());
        routes = new ErrorsRoutes(config::get, new ErrorRecordReader(mapper), pipeline, store, metrics,
                                  context.json(), context.clock(), TraceLinks.lookedUpIn(context.services()));
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.post("/ingest", Role.INGEST, routes::ingest)
              .get("/groups", Role.VIEWER, routes::groups)
              .get("/groups/{id}", Role.VIEWER, routes::group)
              .post("/groups/{id}/resolve", Role.ADMIN, routes::resolve)
              .post("/groups/{id}/ignore", Role.ADMIN, routes::ignore)
              .post("/groups/{id}/reopen", Role.ADMIN, routes::reopen)
              .get("/summary", Role.VIEWER, routes::summary);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("publish-signals", SIGNAL_CHECK, signals::publishCompletedMinutes),
                ScheduledTask.every("retention", () -> config.get().retentionInterval(), this::sweep)
                        .withInitialDelay(Duration.ofMinutes(1))
                        .onlyOncePerCluster());
    }

    @Override
    public List<Subscription<?>> subscriptions() {
        // Exceptions that escaped a plugin's route, task, subscriber or job, published by the kernel.
        return List.of(Subscription.batched(ErrorEvent.class, VIGIL_ERRORS_PER_BATCH, pipeline::record));
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(ErrorIngest.class, handed),
                       ProvidedService.of(ErrorHistory.class, store::window));
    }

    private void sweep() throws java.sql.SQLException {
        Duration retention = config.get().retention();
        ErrorStore.Swept swept = store.sweep(retention);
        context.logger().log(System.Logger.Level.INFO,
                             "retention ({0}): deleted {1} groups, {2} occurrences, {3} distinct values, {4} count rows",
                             retention, swept.groups(), swept.occurrences(), swept.values(), swept.counts());
    }
}
