package dev.vigil.plugins.queries;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.QueryFigures;
import dev.vigil.api.services.QueryIngest;
import dev.vigil.api.services.QueryInsights;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/** The query-analysis plugin: what it contributes, nothing else. The work is in the classes it wires. */
@Extension
public final class QueriesPlugin implements VigilPlugin {

    /** How often quiet requests are looked for: small next to the shortest allowed request window. */
    private static final Duration CLOSE_CHECK = Duration.ofMillis(250);

    private LiveConfig<QueriesConfig> config;
    private QueryIntake intake;
    private QueriesRoutes routes;
    private SignalPublisher signals;
    private Retention retention;
    private QueryReader reader;
    private HandedStatements handed;

    @Override
    public List<Migration> migrations() {
        return QuerySchema.migrations();
    }

    @Override
    public void start(PluginContext context) {
        config = context.config(QueriesConfig.class, QueriesConfig.DEFAULTS);
        QueriesConfig settings = config.get();
        var queue = context.storage().writeQueue("statements", settings.writeQueueCapacity(),
                                                 new QueryWriter(context.storage().dialect()));
        MinuteCounters counters = new MinuteCounters();
        QueryMetrics metrics = new QueryMetrics(context.metrics());
        intake = new QueryIntake(config, queue, new RequestWindow(), counters, metrics, context.clock(),
                                 context.logger());
        reader = new QueryReader(context.storage().db());
        handed = new HandedStatements(config, intake, context.clock());
        routes = new QueriesRoutes(config, intake, reader, metrics, context.json(), context.clock(),
                                   TraceLinks.lookedUpIn(context.services()));
        signals = new SignalPublisher(context.signals(), counters, reader, context.clock());
        retention = new Retention(context.storage(), config, context.clock(), context.logger());
        context.logger().log(System.Logger.Level.INFO, "queries: slow-query-ms " + settings.slowQueryMs()
                + ", n-plus-one-min-repeats " + settings.nPlusOneMinRepeats() + ", query-count-threshold "
                + settings.queryCountThreshold() + ", request-window " + settings.requestWindow());
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.post("/ingest", Role.INGEST, routes::ingest)
              .get("/summary", Role.VIEWER, routes::summary)
              .get("/fingerprints", Role.VIEWER, routes::fingerprints)
              .get("/fingerprints/{id}", Role.VIEWER, routes::fingerprint)
              .get("/slow", Role.VIEWER, routes::slow)
              .get("/n-plus-one", Role.VIEWER, routes::nPlusOne)
              .get("/requests", Role.VIEWER, routes::requests)
              .get("/requests/{request_id}", Role.VIEWER, routes::request);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("close-requests", CLOSE_CHECK, intake::closeDueRequests),
                ScheduledTask.every("publish-signals", Duration.ofMinutes(1), signals::publish),
                ScheduledTask.every("retention", () -> config.get().retentionInterval(), retention::run)
                        .withInitialDelay(Duration.ofMinutes(1))
                        .onlyOncePerCluster());
    }

    @Override
    public List<Subscription<?>> subscriptions() {
        // Only requests that report more queries than the threshold matter here: the bus tests that on the
        // publisher's side, so the others cost this plugin nothing.
        return List.of(Subscription.batched(QueryEvent.class, 1000, intake::onEvents),
                       Subscription.batched(RequestEvent.class, 1000, intake::onRequestEvents)
                               .where(request -> request.queryCount() != null
                                       && request.queryCount() > config.get().queryCountThreshold()));
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(QueryInsights.class, new StoredQueryInsights(reader)),
                       ProvidedService.of(QueryFigures.class, new StoredQueryFigures(reader)),
                       ProvidedService.of(QueryIngest.class, handed));
    }

    /** Requests still open are analysed as they are: the write queue is drained after this returns. */
    @Override
    public void stop() {
        if (intake != null) {
            intake.closeAllRequests();
        }
    }
}
