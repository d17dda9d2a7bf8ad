package dev.vigil.plugins.optimizer;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import dev.vigil.api.Durations;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.ServiceLookup;
import dev.vigil.api.services.QueryInsights;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.api.services.ResourceHistory;

/** What the optimizer holds and does right now: data, model, sources, intake counters. */
final class StatusView {

    private final LiveConfig<OptimizerConfig> config;
    private final HistoryStore history;
    private final StateStore state;
    private final ModelHolder holder;
    private final RequestIntake requests;
    private final ResourceIntake resources;
    private final PendingPredictions pending;
    private final TrainingData data;
    private final ServiceLookup services;
    private final Clock clock;

    StatusView(LiveConfig<OptimizerConfig> config, HistoryStore history, StateStore state, ModelHolder holder,
               RequestIntake requests, ResourceIntake resources, PendingPredictions pending, TrainingData data,
               ServiceLookup services, Clock clock) {
        this.config = config;
        this.history = history;
        this.state = state;
        this.holder = holder;
        this.requests = requests;
        this.resources = resources;
        this.pending = pending;
        this.data = data;
        this.services = services;
        this.clock = clock;
    }

    Map<String, Object> view() throws Exception {
        OptimizerConfig settings = config.get();
        long now = clock.millis();
        long[] range = history.sampleRange();
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("stored", range == null ? 0 : range[2]);
        samples.put("oldest", range == null ? null : Instant.ofEpochMilli(range[0]));
        samples.put("newest", range == null ? null : Instant.ofEpochMilli(range[1]));
        Map<String, Object> intake = new LinkedHashMap<>();
        intake.put("request_events", requests.seen());
        intake.put("requests_counted", requests.countedFromFigures());
        intake.put("requests_sampled", requests.sampled());
        intake.put("what_is_exact", "per-minute endpoint totals count every request exactly, from the request "
                + "plugin's per-minute figures (RequestMinute); training rows are a random sample of up to "
                + settings.samplesPerEndpointMinute() + " requests per endpoint and minute of the request events "
                + "received (Vigil's own are published as a sample, and events a full queue drops are counted in "
                + "GET /api/v1/admin/plugins/optimizer, subscriptions)");
        intake.put("last_request_at", requests.lastEventAt() == 0 ? null : Instant.ofEpochMilli(requests.lastEventAt()));
        intake.put("resource_readings", resources.readings());
        intake.put("predictions_matched", requests.matched());
        intake.put("predictions_waiting", pending.size());
        TrainingData.Available available = data.available(now - settings.trainingWindow().toMillis(), now,
                                                          settings.minTrainingRecords());
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("records_available", available.records());
        training.put("source", available.source());
        training.put("min_training_records", settings.minTrainingRecords());
        training.put("interval", Durations.format(settings.trainingInterval()));
        training.put("window", Durations.format(settings.trainingWindow()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("version", holder.current().map(LoadedModels::version).orElse(null));
        model.put("trained_at", holder.current().map(LoadedModels::trainedAt).orElse(null));
        model.put("anomaly_detector", holder.current().map(m -> m.detector() != null).orElse(false));
        model.put("loading", holder.loading());
        model.put("load_problem", holder.loadProblem());
        OptionalLong scored = state.get(StateStore.SCORED_UNTIL);
        model.put("scored_until", scored.isPresent() ? Instant.ofEpochMilli(scored.getAsLong()) : null);
        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("request_history_service", services.find(RequestHistory.class).isPresent());
        sources.put("resource_history_service", services.find(ResourceHistory.class).isPresent());
        sources.put("query_insights_service", services.find(QueryInsights.class).isPresent());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("samples", samples);
        body.put("intake", intake);
        body.put("training", training);
        body.put("model", model);
        body.put("services", sources);
        return body;
    }
}
