package dev.vigil.plugins.optimizer;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.ServiceLookup;
import dev.vigil.api.services.QueryInsights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Gathers the data, the latest model's facts and other plugins' findings, and asks {@link Recommender}. */
final class RecommendationService {

    private final LiveConfig<OptimizerConfig> config;
    private final HistoryStore history;
    private final Resources resources;
    private final ModelStore models;
    private final AnomalyStore anomalies;
    private final ServiceLookup services;
    private final ObjectMapper json;
    private final Clock clock;

    RecommendationService(LiveConfig<OptimizerConfig> config, HistoryStore history, Resources resources,
                          ModelStore models, AnomalyStore anomalies, ServiceLookup services, ObjectMapper json,
                          Clock clock) {
        this.config = config;
        this.history = history;
        this.resources = resources;
        this.models = models;
        this.anomalies = anomalies;
        this.services = services;
        this.json = json;
        this.clock = clock;
    }

    Map<String, Object> recommend(int hours) throws Exception {
        OptimizerConfig settings = config.get();
        long to = clock.millis();
        long from = to - hours * 3_600_000L;
        List<RequestSample> samples = history.randomSamples(from, to, settings.trainingSampleSize());
        ResourceTimeline timeline = resources.timeline(from, to, settings.resourceMatchTolerance().toMillis());
        Optional<QueryInsights> insights = services.find(QueryInsights.class);
        List<QueryInsights.QueryFinding> findings = insights.map(QueryInsights::findings).orElse(null);
        Recommender.ModelFacts model = latestModel();
        Recommender.Input input = new Recommender.Input(EndpointAnalysis.analyse(samples, timeline),
                                                        history.endpointTotals(from, to), findings, model,
                                                        anomalies.byEndpoint(from, settings.anomalyCut()));
        List<Recommendation> recommendations = Recommender.recommend(input, new Recommender.Settings(
                settings.correlationThreshold(), settings.errorRatePercent(), settings.minRequests(),
                settings.anomalyCut()));

        Map<String, Object> sources = new LinkedHashMap<>();
        sources.put("samples", samples.size());
        sources.put("resources", timeline.source().name().toLowerCase(java.util.Locale.ROOT));
        sources.put("query_insights", insights.isPresent());
        sources.put("model_version", model == null ? null : model.version());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", Instant.ofEpochMilli(from));
        body.put("to", Instant.ofEpochMilli(to));
        body.put("sources", sources);
        body.put("recommendations", recommendations);
        return body;
    }

    private Recommender.ModelFacts latestModel() throws SQLException {
        List<ModelStore.ModelRow> rows = models.list(1);
        if (rows.isEmpty()) {
            return null;
        }
        ModelStore.ModelRow row = rows.get(0);
        try {
            JsonNode details = json.readTree(row.details());
            List<ResponseTimeTrainer.FeatureImportance> importance = new ArrayList<>();
            for (JsonNode feature : details.path("feature_importance")) {
                importance.add(new ResponseTimeTrainer.FeatureImportance(feature.path("feature").asText(),
                                                                         feature.path("mae_increase_ms").asDouble(),
                                                                         feature.path("share").asDouble()));
            }
            return new Recommender.ModelFacts(row.version(), details.path("metrics").path("correlation").asDouble(),
                                              importance);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }
}
