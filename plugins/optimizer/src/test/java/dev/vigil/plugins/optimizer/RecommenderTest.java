package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.vigil.api.services.QueryInsights;

import org.junit.jupiter.api.Test;

/** The advice drawn from a generated history: each rule names the endpoint built to trigger it, and only that one. */
class RecommenderTest {

    static final Recommender.Settings SETTINGS = new Recommender.Settings(0.5, 5, 30, 0.75);

    static List<Recommendation> advise(List<QueryInsights.QueryFinding> findings) {
        SyntheticHistory.History history = SyntheticHistory.generate(Instant.parse("2026-03-02T12:00:00Z"), 120, 3, 4);
        ModelTrainer.Input input = ModelTrainerTest.input(history, true);
        List<MinuteRow> totals = RequestFigures.totals(history.events()).rows().stream()
                .collect(Collectors.groupingBy(MinuteRow::key)).entrySet().stream().map(e -> {
                    MinuteTotals sum = new MinuteTotals();
                    e.getValue().forEach(row -> {
                        sum.requests += row.totals().requests;
                        sum.serverErrors += row.totals().serverErrors;
                        sum.sumMs += row.totals().sumMs;
                    });
                    return new MinuteRow(0, e.getKey(), sum);
                }).toList();
        Recommender.ModelFacts model = new Recommender.ModelFacts(3, 0.97, List.of(
                new ResponseTimeTrainer.FeatureImportance("endpoint", 30, 0.5),
                new ResponseTimeTrainer.FeatureImportance("cpu_percent", 15, 0.25),
                new ResponseTimeTrainer.FeatureImportance("query_count", 12, 0.2),
                new ResponseTimeTrainer.FeatureImportance("hour_of_day", 0.1, 0.001)));
        List<AnomalyStore.EndpointAnomalies> anomalies = List.of(new AnomalyStore.EndpointAnomalies(
                EndpointKey.of("shop", "GET", "/health"), 2, 0.88, Instant.parse("2026-03-02T11:00:00Z"), 31, 3));
        return Recommender.recommend(new Recommender.Input(EndpointAnalysis.analyse(input.samples(), input.resources()),
                                                           totals, findings, model, anomalies), SETTINGS);
    }

    static Set<String> routes(List<Recommendation> advice, String kind) {
        return advice.stream().filter(r -> r.kind().equals(kind)).map(r -> r.method() + " " + r.endpoint())
                .collect(Collectors.toSet());
    }

    @Test
    void namesTheQueryHeavyTheCpuBoundAndTheFailingEndpoints() {
        List<Recommendation> advice = advise(null);
        assertEquals(Set.of("GET /orders"), routes(advice, "latency_grows_with_queries"));
        assertEquals(Set.of("POST /reports"), routes(advice, "latency_tracks_cpu"));
        assertEquals(Set.of("GET /users/{id}"), routes(advice, "high_error_rate"));
        assertEquals(Set.of("GET /health"), routes(advice, "anomalous_endpoint"));
        assertEquals(Set.of("null null"), routes(advice, "top_model_features"));

        Recommendation queries = advice.stream().filter(r -> r.kind().equals("latency_grows_with_queries"))
                .findFirst().orElseThrow();
        double perQuery = ((Number) queries.evidence().get("ms_per_query")).doubleValue();
        assertEquals(4.0, perQuery, 0.5, "the generated structure adds 4 ms per query");
        Recommendation cpu = advice.stream().filter(r -> r.kind().equals("latency_tracks_cpu")).findFirst()
                .orElseThrow();
        assertEquals(2.5, ((Number) cpu.evidence().get("ms_per_cpu_percent")).doubleValue(), 0.4);
    }

    @Test
    void ranksBySeverityThenImpactAndNumbersTheRanks() {
        List<Recommendation> advice = advise(null);
        for (int i = 0; i < advice.size(); i++) {
            assertEquals(i + 1, advice.get(i).rank());
            if (i > 0) {
                assertTrue(advice.get(i - 1).severity().compareTo(advice.get(i).severity()) <= 0, advice.toString());
            }
        }
        assertEquals(Recommendation.Severity.INFO, advice.get(advice.size() - 1).severity());
    }

    @Test
    void repeatedIdenticalReadsComeFromQueryInsights() {
        List<Recommendation> advice = advise(List.of(
                new QueryInsights.QueryFinding("REPEATED_IDENTICAL", "shop", "/users/{id}", "select * from t where id=?",
                                               "select * from t where id=1", 14, 2200, 300, Instant.now()),
                new QueryInsights.QueryFinding("N_PLUS_ONE", "shop", "/orders", "select * from items where order_id=?",
                                               null, 40, 9000, 300, Instant.now())));
        assertEquals(Set.of("null /users/{id}"), routes(advice, "repeated_identical_reads"));
        assertEquals(Recommendation.Severity.WARNING, advice.stream()
                .filter(r -> r.kind().equals("repeated_identical_reads")).findFirst().orElseThrow().severity());
        // /orders is already advised on from its latency: the N+1 finding does not repeat it.
        assertEquals(Set.of(), routes(advice, "n_plus_one_queries"));
    }
}
