package dev.vigil.plugins.optimizer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.Signal;
import dev.vigil.api.Subscription;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/**
 * The optimizer: Weka models on the request history (response-time prediction, anomaly detection) and ranked
 * recommendations. This class only declares what the plugin contributes; the work is in the classes it wires.
 */
@Extension
public final class OptimizerPlugin implements VigilPlugin {

    private PluginContext context;
    private LiveConfig<OptimizerConfig> config;
    private WekaRuntime weka;
    private RequestIntake requestIntake;
    private ResourceIntake resourceIntake;
    private TrainingService training;
    private LiveScorer scorer;
    private Retention retention;
    private OptimizerRoutes routes;

    @Override
    public List<Migration> migrations() {
        return OptimizerSchema.migrations();
    }

    @Override
    public void start(PluginContext pluginContext) throws Exception {
        context = pluginContext;
        config = context.config(OptimizerConfig.class, OptimizerConfig.DEFAULTS);
        WekaRuntime.prepareEnvironment(context.dataDir().resolve("weka-home"));
        weka = WekaRuntime.start("vigil-optimizer-weka");
        try {
            wire();
        } catch (Exception | Error e) {
            weka.close();
            throw e;
        }
    }

    private void wire() throws Exception {
        var storage = context.storage();
        var json = context.json().mapper();
        var clock = context.clock();
        var log = context.logger();

        HistoryStore history = new HistoryStore(storage);
        ModelStore models = new ModelStore(storage, context.dataDir().resolve("models"));
        AnomalyStore anomalies = new AnomalyStore(storage);
        PredictionStore predictions = new PredictionStore(storage);
        StateStore state = new StateStore(storage);
        ModelHolder holder = new ModelHolder();
        PendingPredictions pending = new PendingPredictions();
        predictions.waiting(clock.millis()).forEach(pending::add);
        Resources resources = new Resources(context.services(), history);
        TrainingData data = new TrainingData(history, resources, context.services());

        OptimizerMetrics metrics = new OptimizerMetrics(context.metrics(), clock);
        requestIntake = new RequestIntake(config, storage, history, predictions, pending, clock);
        resourceIntake = new ResourceIntake(storage, history);
        training = new TrainingService(config, storage, data, models, anomalies, state, holder, weka, context.jobs(),
                                       metrics, json, clock, log);
        scorer = new LiveScorer(config, storage, history, anomalies, predictions, state, resources, holder,
                                context.signals(), metrics, json, clock);
        retention = new Retention(config, history, anomalies, predictions, clock, log);
        StatusView status = new StatusView(config, history, state, holder, requestIntake, resourceIntake, pending,
                                           data, context.services(), clock);
        routes = new OptimizerRoutes(config, training, new PredictionService(config, holder, predictions, pending,
                                                                             json, clock),
                                     new RecommendationService(config, history, resources, models, anomalies,
                                                               context.services(), json, clock),
                                     models, holder, anomalies, predictions, status, context.jobs(), context.json(),
                                     clock);
        weka.submit(() -> ModelLoader.loadNewest(models, holder, log));
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.post("/train", Role.ADMIN, routes::train)
              .get("/jobs", Role.VIEWER, routes::jobs)
              .get("/jobs/{id}", Role.VIEWER, routes::job)
              .get("/models", Role.VIEWER, routes::models)
              .post("/predict", Role.VIEWER, routes::predict)
              .get("/anomalies", Role.VIEWER, routes::anomalies)
              .get("/recommendations", Role.VIEWER, routes::recommendations)
              .get("/predictions", Role.VIEWER, routes::predictions)
              .get("/status", Role.VIEWER, routes::status);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("train", () -> TrainingService.checkInterval(config.get().trainingInterval()),
                                    training::trainIfDue),
                ScheduledTask.every("score", () -> config.get().scoringInterval(), this::score),
                ScheduledTask.every("retention", Duration.ofHours(1), retention::run)
                        .withInitialDelay(Duration.ofMinutes(1)).onlyOncePerCluster());
    }

    private void score() throws Exception {
        scorer.run().filter(run -> run.anomalies() > 0).ifPresent(run -> context.logger().log(
                System.Logger.Level.INFO, run.anomalies() + " anomalous endpoint-minutes among " + run.minutes()
                        + " scored between " + Instant.ofEpochMilli(run.from()) + " and "
                        + Instant.ofEpochMilli(run.to()) + " (GET /api/v1/optimizer/anomalies)"));
    }

    @Override
    public List<Subscription<?>> subscriptions() {
        // Records and figures come in published batches (one per committed ingest batch); each delivery waits a
        // second for more, so that the optimizer writes a transaction or two a second, not one per batch (many small
        // transactions on SQLite slow everyone's writes).
        return List.of(Subscription.batched(RequestEvent.class, 20_000, requestIntake::accept)
                               .withCapacity(200_000).lingering(Duration.ofSeconds(1)),
                       Subscription.batched(RequestMinute.class, 10_000, requestIntake::acceptFigures)
                               .withCapacity(100_000).lingering(Duration.ofSeconds(1)),
                       Subscription.batched(Signal.class, 500, resourceIntake::accept));
    }

    @Override
    public void stop() {
        if (weka != null) {
            weka.close();
        }
    }
}
