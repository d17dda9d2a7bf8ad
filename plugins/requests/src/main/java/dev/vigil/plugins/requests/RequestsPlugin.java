package dev.vigil.plugins.requests;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.RequestObserver;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.api.services.RequestIngest;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.WriteQueue;

import org.pf4j.Extension;

/**
 * Request metrics: what the plugin contributes, nothing else. Records come from ingest ({@link Ingestor}) and from
 * Vigil's own traffic ({@link TrafficRecorder}); {@link RecordWriter} stores them with their per-minute and
 * per-hour figures; {@link RequestsRoutes} answers from those.
 */
@Extension
public final class RequestsPlugin implements VigilPlugin {

    private static final Duration SIGNAL_CHECK = Duration.ofSeconds(10);
    /** Vigil's own requests reach subscribers in batches at least this often. */
    private static final Duration PUBLISH_OWN_REQUESTS = Duration.ofSeconds(1);

    private LiveConfig<RequestsConfig> config;
    private Ingestor ingestor;
    private TrafficRecorder traffic;
    private RequestsRoutes routes;
    private SignalPublisher signals;
    private Retention retention;
    private StoredRequestHistory history;

    @Override
    public List<Migration> migrations() {
        return Schema.migrations();
    }

    @Override
    public void start(PluginContext context) {
        config = context.config(RequestsConfig.class, RequestsConfig.DEFAULTS);
        RequestsConfig initial = config.get();
        SecureRandom random = new SecureRandom();
        // Ingest and Vigil's own traffic queue apart: a flood of one never sheds the other.
        WriteQueue<RequestEvent> ingestQueue = context.storage().writeQueue(
                "ingest", initial.ingestQueueCapacity(),
                new RecordWriter(random.nextLong() & Long.MAX_VALUE, context.events()));
        WriteQueue<OwnTraffic> trafficQueue = context.storage().writeQueue(
                "own-traffic", initial.trafficQueueCapacity(),
                new OwnTrafficWriter(random.nextLong() & Long.MAX_VALUE));
        FigureStore figures = new FigureStore(context.storage().db());
        RawStore raw = new RawStore(context.storage().db());
        RequestMetrics metrics = new RequestMetrics(context.metrics(), () -> config.get().metricsMaxServices(),
                                                    () -> config.get().metricsMaxEndpoints());
        ingestor = new Ingestor(ingestQueue, context.events(), context.json(), config::get, context.clock(),
                               metrics);
        traffic = new TrafficRecorder(trafficQueue, context.events(), config::get, metrics);
        retention = new Retention(context.storage().db(), config::get, context.clock(), context.logger());
        signals = new SignalPublisher(figures, context.signals(), context.clock(), config::get);
        history = new StoredRequestHistory(raw, figures);
        routes = new RequestsRoutes(config, figures, raw, context.json(), context.clock(),
                                    new RequestsRoutes.Parts(ingestQueue, trafficQueue, ingestor, traffic, retention,
                                                             metrics, TraceLinks.lookedUpIn(context.services())));
        config.onChange(changed -> {
            if (changed.ingestQueueCapacity() != ingestQueue.capacity()
                    || changed.trafficQueueCapacity() != trafficQueue.capacity()) {
                context.logger().log(System.Logger.Level.INFO, "queue capacities apply when the plugin restarts "
                        + "(POST /api/v1/admin/plugins/requests/reload)");
            }
        });
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.post("/ingest", Role.INGEST, ingestor::ingest)
              .get("/summary", Role.VIEWER, routes::summary)
              .get("/endpoints", Role.VIEWER, routes::endpoints)
              .get("/endpoints/{key}", Role.VIEWER, routes::endpoint)
              .get("/slow", Role.VIEWER, routes::slow)
              .get("/users", Role.VIEWER, routes::users)
              .get("/status", Role.VIEWER, routes::status);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(ScheduledTask.every("flush-own-traffic", () -> config.get().ownTrafficFlushInterval(),
                                           traffic::flush),
                       ScheduledTask.every("publish-own-requests", PUBLISH_OWN_REQUESTS, traffic::publishPending),
                       ScheduledTask.every("publish-signals", SIGNAL_CHECK, signals::run),
                       ScheduledTask.every("retention", () -> config.get().retentionInterval(), retention::run)
                               .withInitialDelay(Duration.ofMinutes(1))
                               .onlyOncePerCluster());
    }

    @Override
    public List<RequestObserver> requestObservers() {
        return List.of(traffic);
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(RequestHistory.class, history),
                       ProvidedService.of(RequestIngest.class, new HandedRequests(ingestor, config::get)));
    }

    /** The figures of Vigil's own requests since the last flush go to the queue, which the kernel drains next. */
    @Override
    public void stop() {
        traffic.flush();
    }
}
