package dev.vigil.plugins.optimizer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Predicts response times on request, and stores each prediction to be matched with what really happens. */
final class PredictionService {

    /** How long a predict call waits for the models being read back after a start. */
    static final Duration LOAD_WAIT = Duration.ofSeconds(30);

    private final LiveConfig<OptimizerConfig> config;
    private final ModelHolder holder;
    private final PredictionStore store;
    private final PendingPredictions pending;
    private final ObjectMapper json;
    private final Clock clock;

    PredictionService(LiveConfig<OptimizerConfig> config, ModelHolder holder, PredictionStore store,
                      PendingPredictions pending, ObjectMapper json, Clock clock) {
        this.config = config;
        this.holder = holder;
        this.store = store;
        this.pending = pending;
        this.json = json;
        this.clock = clock;
    }

    Map<String, Object> predict(JsonNode body) throws Exception {
        PredictionInput input = PredictionInput.parse(body, clock.instant());
        LoadedModels models = holder.await(LOAD_WAIT).orElseThrow(() -> ApiException.conflict(
                "no response-time model yet: train one with POST /api/v1/optimizer/train", Map.of()));
        FeatureRow row = input.row();
        double predictedMs = models.predictMs(row);
        List<String> unknown = new ArrayList<>();
        if (!RequestFeatures.knows(models.header(), RequestFeatures.SERVICE, input.key().service())) {
            unknown.add("service");
        }
        if (!RequestFeatures.knows(models.header(), RequestFeatures.ENDPOINT, input.key().route())) {
            unknown.add("endpoint");
        }
        long now = clock.millis();
        long target = input.time().toEpochMilli();
        long matchUntil = Math.max(target, now) + config.get().predictionMatchWindow().toMillis();
        Map<String, Object> inputs = LiveScorer.inputs(row);
        long id = store.add(new PredictionStore.NewPrediction(now, "api", input.key(), input.requestId(), target,
                                                              matchUntil, predictedMs, models.version(),
                                                              json.writeValueAsString(inputs), null, null));
        pending.add(new PendingPredictions.Pending(id, input.key(), input.requestId(), target, matchUntil));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("prediction_id", id);
        answer.put("predicted_ms", TrainingService.round(predictedMs));
        answer.put("model_version", models.version());
        answer.put("model_trained_at", models.trainedAt());
        answer.put("service", input.key().service());
        answer.put("method", input.key().method());
        answer.put("endpoint", input.key().endpoint());
        answer.put("inputs", inputs);
        answer.put("unknown_to_model", unknown);
        answer.put("matched_against", input.requestId() != null ? "request " + input.requestId()
                : "the next " + input.key().route() + " request until " + Instant.ofEpochMilli(matchUntil));
        return answer;
    }
}
