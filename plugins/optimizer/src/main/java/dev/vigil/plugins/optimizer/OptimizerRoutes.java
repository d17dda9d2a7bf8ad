package dev.vigil.plugins.optimizer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.Durations;
import dev.vigil.api.Jobs;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers: read the request, call the service that holds the logic, answer JSON. */
final class OptimizerRoutes {

    private final LiveConfig<OptimizerConfig> config;
    private final TrainingService training;
    private final PredictionService predictions;
    private final RecommendationService recommendations;
    private final ModelStore models;
    private final ModelHolder holder;
    private final AnomalyStore anomalies;
    private final PredictionStore predictionStore;
    private final StatusView status;
    private final Jobs jobs;
    private final JsonSupport json;
    private final Clock clock;

    OptimizerRoutes(LiveConfig<OptimizerConfig> config, TrainingService training, PredictionService predictions,
                    RecommendationService recommendations, ModelStore models, ModelHolder holder,
                    AnomalyStore anomalies, PredictionStore predictionStore, StatusView status, Jobs jobs,
                    JsonSupport json, Clock clock) {
        this.config = config;
        this.training = training;
        this.predictions = predictions;
        this.recommendations = recommendations;
        this.models = models;
        this.holder = holder;
        this.anomalies = anomalies;
        this.predictionStore = predictionStore;
        this.status = status;
        this.jobs = jobs;
        this.json = json;
        this.clock = clock;
    }

    void train(ServerRequest request, ServerResponse response) throws Exception {
        Jobs.Job job = training.start("api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id());
        body.put("state", job.state());
        body.put("status_url", "/api/v1/optimizer/jobs/" + job.id());
        json.send(response, Status.ACCEPTED_202, body);
    }

    void job(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        json.send(response, jobs.find(id).orElseThrow(() -> ApiException.notFound("no optimizer job " + id)));
    }

    void jobs(ServerRequest request, ServerResponse response) {
        json.send(response, Map.of("jobs", jobs.list()));
    }

    void models(ServerRequest request, ServerResponse response) throws Exception {
        int limit = QueryParams.integer(request, "limit", 20, 1, 1000);
        List<Map<String, Object>> list = new ArrayList<>();
        for (ModelStore.ModelRow row : models.list(limit)) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("version", row.version());
            model.put("trained_at", row.trainedAt());
            model.put("training_ms", row.trainingMs());
            model.put("data_from", row.dataFrom());
            model.put("data_to", row.dataTo());
            model.put("records", row.records());
            model.put("minute_rows", row.minuteRows());
            model.put("source", row.source());
            model.put("forest_bytes", row.forestBytes());
            model.put("anomaly_bytes", row.anomalyBytes());
            model.put("in_use", holder.current().map(m -> m.version() == row.version()).orElse(false));
            JsonNode details = json.mapper().readTree(row.details());
            model.put("details", details);
            list.add(model);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("in_use", holder.current().map(LoadedModels::version).orElse(null));
        body.put("loading", holder.loading());
        body.put("load_problem", holder.loadProblem());
        body.put("models", list);
        json.send(response, body);
    }

    void predict(ServerRequest request, ServerResponse response) throws Exception {
        json.send(response, predictions.predict(json.readTree(request, 16_384)));
    }

    void anomalies(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, 24 * 90);
        int limit = QueryParams.integer(request, "limit", 100, 1, 10_000);
        double cut = config.get().anomalyCut();
        double minScore = QueryParams.number(request, "min_score", cut, cut, 1);
        long since = clock.millis() - hours * 3_600_000L;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", Instant.ofEpochMilli(since));
        body.put("cut", cut);
        body.put("anomalies", anomalies.top(since, minScore, limit));
        json.send(response, body);
    }

    void recommendations(ServerRequest request, ServerResponse response) throws Exception {
        int defaultHours = (int) Math.max(1, Math.min(24 * 90, config.get().analysisWindow().toHours()));
        int hours = QueryParams.integer(request, "hours", defaultHours, 1, 24 * 90);
        json.send(response, recommendations.recommend(hours));
    }

    void predictions(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, 24 * 90);
        int limit = QueryParams.integer(request, "limit", 100, 1, 10_000);
        String source = QueryParams.oneOf(request, "source", "all", Set.of("all", "api", "live"));
        String filter = "all".equals(source) ? null : source;
        long since = clock.millis() - hours * 3_600_000L;
        List<Map<String, Object>> list = new ArrayList<>();
        for (PredictionStore.Prediction p : predictionStore.recent(since, filter, limit)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", p.id());
            item.put("created_at", p.createdAt());
            item.put("source", p.source());
            item.put("service", p.service());
            item.put("method", p.method());
            item.put("endpoint", p.endpoint());
            item.put("request_id", p.requestId());
            item.put("for_time", p.targetAt());
            item.put("predicted_ms", p.predictedMs());
            item.put("actual_ms", p.actualMs());
            item.put("error_ms", p.actualMs() == null ? null : TrainingService.round(p.actualMs() - p.predictedMs()));
            item.put("actual_at", p.actualAt());
            item.put("model_version", p.modelVersion());
            item.put("inputs", readQuietly(p.inputs()));
            list.add(item);
        }
        PredictionStore.Accuracy accuracy = predictionStore.accuracy(since, filter);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("predictions", accuracy.predictions());
        summary.put("matched", accuracy.matched());
        summary.put("mae_ms", accuracy.maeMs() == null ? null : TrainingService.round(accuracy.maeMs()));
        summary.put("mean_absolute_percent_error", accuracy.meanAbsolutePercentError() == null ? null
                : TrainingService.round(accuracy.meanAbsolutePercentError()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", Instant.ofEpochMilli(since));
        body.put("retention", Durations.format(config.get().predictionRetention()));
        body.put("summary", summary);
        body.put("predictions", list);
        json.send(response, body);
    }

    void status(ServerRequest request, ServerResponse response) throws Exception {
        json.send(response, status.view());
    }

    private JsonNode readQuietly(String text) {
        try {
            return json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
