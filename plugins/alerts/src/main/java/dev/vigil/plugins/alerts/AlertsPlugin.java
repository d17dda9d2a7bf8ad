package dev.vigil.plugins.alerts;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.AlertHistory;
import dev.vigil.api.storage.Migration;

import io.helidon.http.Method;
import org.pf4j.Extension;

/** The alerting plugin: what it contributes, nothing else. The work is in {@link AlertEngine} and its helpers. */
@Extension
public final class AlertsPlugin implements VigilPlugin {

    private LiveConfig<AlertsConfig> config;
    private AlertEngine engine;
    private SignalArchive archive;
    private Retention retention;
    private Notifier notifier;
    private AlertsRoutes routes;
    private ChannelRoutes channelRoutes;
    private StoredAlertHistory alertHistory;

    @Override
    public List<Migration> migrations() {
        return Schema.migrations();
    }

    @Override
    public void start(PluginContext context) {
        config = context.config(AlertsConfig.class, AlertsConfig.DEFAULTS);
        config.onChange(c -> context.logger().log(System.Logger.Level.INFO, "alerts config applied: {0} file rules, "
                + "{1} channels", c.rules().size(), c.channels().size()));
        var mapper = context.json().mapper();
        var storage = context.storage();
        var clock = context.clock();
        var log = context.logger();
        AlertStore alerts = new AlertStore(storage, mapper);
        SilenceStore silences = new SilenceStore(storage, mapper);
        DeliveryStore deliveries = new DeliveryStore(storage);
        BaselineStore baselineStore = new BaselineStore(storage, mapper);
        RuleBook rules = new RuleBook(config, new NamedBodyStore(storage, "alerts_rules"), context.json(), clock,
                                      log);
        ChannelBook channels = new ChannelBook(config, new NamedBodyStore(storage, "alerts_channels"), context.json(),
                                               clock, log);
        AlertMetrics metrics = new AlertMetrics(context.metrics());
        HttpSender http = new HttpSender(mapper);
        Map<ChannelType, ChannelSender> senders = new EnumMap<>(ChannelType.class);
        for (ChannelType type : ChannelType.values()) {
            if (type.postsToUrl()) {
                senders.put(type, http);
            }
        }
        senders.put(ChannelType.PAGERDUTY, new PagerDutySender(http));
        senders.put(ChannelType.LOG, new LogSender(log));
        senders.put(ChannelType.EMAIL, new EmailSender(context.server().publicUrl()));
        notifier = new Notifier(config, channels::inForce, senders, silences, deliveries, metrics, clock, log);
        engine = new AlertEngine(config, rules, new RuleEvaluator(context.signals()), baselineStore,
                                 new RegressionCheck(context.signals()), alerts, notifier, context.events(),
                                 context.signals(), metrics, clock, log);
        archive = new SignalArchive(storage, context.signals(), config, mapper, clock, log);
        SignalHistory history = new SignalHistory(context.signals(), archive);
        retention = new Retention(config, alerts, deliveries, silences, archive, clock, log);
        routes = new AlertsRoutes(config, engine, alerts, rules, channels, silences, deliveries,
                                  new BaselineService(history, baselineStore, config, clock),
                                  new TrendAnalyzer(history, config, clock), new Reports(alerts, deliveries, clock),
                                  notifier, context.signals(), context.json(), clock);
        channelRoutes = new ChannelRoutes(channels, notifier, context.json());
        alertHistory = new StoredAlertHistory(alerts);
    }

    @Override
    public void routes(PluginRoutes plugin) {
        // Fixed paths before "/{id}", which would otherwise take them.
        plugin.get("", Role.VIEWER, routes::listAlerts)
              .get("/status", Role.VIEWER, routes::status)
              .post("/evaluate", Role.ADMIN, routes::evaluate)
              .get("/rules", Role.VIEWER, routes::listRules)
              .get("/rules/{name}", Role.VIEWER, routes::getRule)
              .put("/rules/{name}", Role.ADMIN, routes::putRule)
              .route(Method.PATCH, "/rules/{name}", Role.ADMIN, routes::patchRule)
              .delete("/rules/{name}", Role.ADMIN, routes::deleteRule)
              .get("/channels", Role.VIEWER, channelRoutes::list)
              .get("/channels/{name}", Role.VIEWER, channelRoutes::get)
              .put("/channels/{name}", Role.ADMIN, channelRoutes::put)
              .delete("/channels/{name}", Role.ADMIN, channelRoutes::delete)
              .post("/channels/{name}/test", Role.ADMIN, channelRoutes::test)
              .get("/silences", Role.VIEWER, routes::listSilences)
              .post("/silences", Role.ADMIN, routes::createSilence)
              .delete("/silences/{id}", Role.ADMIN, routes::liftSilence)
              .get("/deliveries", Role.VIEWER, routes::listDeliveries)
              .get("/baseline", Role.VIEWER, routes::getBaseline)
              .post("/baseline", Role.ADMIN, routes::establishBaseline)
              .get("/trends", Role.VIEWER, routes::trends)
              .get("/reports", Role.VIEWER, routes::report)
              .post("/acknowledge", Role.ADMIN, routes::acknowledgeAll)
              .post("/resolve", Role.ADMIN, routes::resolveAll)
              .get("/{id}", Role.VIEWER, routes::getAlert)
              .post("/{id}/acknowledge", Role.ADMIN, routes::acknowledge)
              .post("/{id}/resolve", Role.ADMIN, routes::resolve);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(
                ScheduledTask.every("evaluate", () -> config.get().evaluationInterval(), () -> {
                    AlertEngine.Evaluation evaluation = engine.evaluate();
                    if (!evaluation.errors().isEmpty()) {
                        throw new IllegalStateException(evaluation.errors().size() + " alert(s) could not be "
                                                                + "updated: " + evaluation.errors().get(0));
                    }
                }),
                ScheduledTask.every("archive", Duration.ofMinutes(1), archive::archive),
                ScheduledTask.every("retention", Duration.ofHours(1), retention::run).onlyOncePerCluster());
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(AlertHistory.class, alertHistory));
    }

    @Override
    public void stop() {
        if (notifier != null) {
            notifier.close();
        }
    }
}
