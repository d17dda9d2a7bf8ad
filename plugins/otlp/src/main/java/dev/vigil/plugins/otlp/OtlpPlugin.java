package dev.vigil.plugins.otlp;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ProvidedService;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/**
 * OpenTelemetry intake: what the plugin contributes, nothing else. {@link ExportRoutes} takes OTLP/HTTP exports;
 * {@link TracePipeline} makes spans durable, assembles them by trace and hands them to the owning plugins;
 * {@link MetricSignals} and {@link LogErrors} turn metrics into signals and error logs into error events;
 * {@link ExposedMetrics} shows the metrics on {@code /metrics}.
 */
@Extension
public final class OtlpPlugin implements VigilPlugin {

    /** How often assembled traces are looked for: small next to the shortest quiet window. */
    private static final Duration ASSEMBLE_CHECK = Duration.ofMillis(250);
    private static final int INBOX_QUEUE_CAPACITY = 2000;
    private static final int RECENT_SPANS = 200_000;

    private PluginContext context;
    private LiveConfig<OtlpConfig> config;
    private volatile AttributeReader attributes;
    private TracePipeline pipeline;
    private ExportRoutes exports;
    private TraceRoutes reads;
    private Retention retention;
    private TraceStore traces;
    private ExportAnswers answers;

    @Override
    public List<Migration> migrations() {
        return OtlpSchema.MIGRATIONS;
    }

    @Override
    public void start(PluginContext pluginContext) throws Exception {
        context = pluginContext;
        config = context.config(OtlpConfig.class, OtlpConfig.DEFAULTS);
        attributes = new AttributeReader(config.get());
        config.onChange(changed -> attributes = new AttributeReader(changed));
        var mapper = context.json().mapper();
        OtlpJson json = new OtlpJson(context.json());
        answers = new ExportAnswers(json, mapper);
        IntakeStats stats = new IntakeStats();
        traces = new TraceStore(context.storage(), mapper);
        Inbox inbox = new Inbox(context.storage(), INBOX_QUEUE_CAPACITY, context.dataDir());
        Handoff handoff = new Handoff(context.services(), traces, config::get, stats, context.logger());
        pipeline = new TracePipeline(config::get, () -> attributes, inbox, new RecentTraces(RECENT_SPANS), handoff,
                                     context.services(), stats, context.clock(), context.logger());
        MetricSignals metrics = new MetricSignals(context.signals(), config::get, context.clock());
        ExposedMetrics exposed = new ExposedMetrics(context.metrics(), config::get);
        exports = new ExportRoutes(config::get, () -> attributes, json, answers, pipeline, metrics, exposed,
                                   context.services(), stats, context.clock());
        reads = new TraceRoutes(traces, pipeline, metrics, exposed, stats, config::get, context.services(), context.json(),
                                context.clock());
        retention = new Retention(traces, inbox, config::get, context.clock(), context.logger());
        // Listed now, before the routes take new exports: exactly the rows left from before this start.
        List<Long> leftOver = pipeline.pendingRows();
        if (!leftOver.isEmpty()) {
            context.logger().log(System.Logger.Level.INFO, "otlp: " + leftOver.size()
                    + " exports accepted before the restart are being read again (job 'replay')");
            context.jobs().submit("replay", progress -> pipeline.replay(leftOver, progress));
        }
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.root().withErrorWriter(answers)
              .post("/v1/traces", Role.INGEST, exports::traces)
              .post("/v1/metrics", Role.INGEST, exports::metrics)
              .post("/v1/logs", Role.INGEST, exports::logs);
        plugin.get("/traces", Role.VIEWER, reads::list)
              .get("/traces/{trace_id}", Role.VIEWER, reads::trace)
              .get("/status", Role.VIEWER, reads::status);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(ScheduledTask.every("assemble", ASSEMBLE_CHECK, pipeline::assembleDue),
                       ScheduledTask.every("retention", () -> config.get().traces().retentionInterval(),
                                           retention::run)
                               .withInitialDelay(Duration.ofMinutes(1))
                               .onlyOncePerCluster());
    }

    @Override
    public List<ProvidedService<?>> services() {
        return List.of(ProvidedService.of(TraceLinks.class, new KeptTraceLinks(traces)));
    }

    /*
     * No stop(): traces still being assembled are not handed over half-complete. Their exports stay in the inbox
     * and are assembled whole after the next start, as after a crash.
     */
}
