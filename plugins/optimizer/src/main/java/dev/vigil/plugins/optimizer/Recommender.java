package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.services.QueryInsights;

/**
 * Turns what the data and the models show into ranked advice: endpoints whose latency grows with their query count,
 * endpoints whose latency tracks host CPU, high error rates, repeated identical reads worth caching, the features the
 * model finds most important, and endpoints flagged anomalous. Pure: all inputs are handed in.
 */
final class Recommender {

    /** An effect smaller than this share of the endpoint's mean latency is not worth a recommendation. */
    static final double MIN_EFFECT_SHARE = 0.25;

    /** Thresholds, from the config. */
    record Settings(double correlationThreshold, double errorRatePercent, int minRequests, double anomalyCut) {
    }

    /** The latest model's importance, as stored with it. */
    record ModelFacts(long version, double correlation, List<ResponseTimeTrainer.FeatureImportance> importance) {
    }

    /**
     * Everything the advice is drawn from.
     *
     * @param findings null when no plugin offers QueryInsights
     * @param model    null when no model has been trained
     */
    record Input(List<EndpointAnalysis.Figures> figures, List<MinuteRow> totals,
                 List<QueryInsights.QueryFinding> findings, ModelFacts model,
                 List<AnomalyStore.EndpointAnomalies> anomalies) {
    }

    private Recommender() {
    }

    static List<Recommendation> recommend(Input input, Settings settings) {
        Map<EndpointKey, MinuteTotals> totals = new HashMap<>();
        input.totals().forEach(row -> totals.put(row.key(), row.totals()));
        List<Recommendation> list = new ArrayList<>();
        Set<EndpointKey> queryHeavy = new HashSet<>();
        for (EndpointAnalysis.Figures figures : input.figures()) {
            long requests = requests(totals, figures);
            Recommendation queries = queryGrowth(figures, requests, settings);
            if (queries != null) {
                list.add(queries);
                queryHeavy.add(figures.key());
            }
            Recommendation cpu = cpuBound(figures, requests, settings);
            if (cpu != null) {
                list.add(cpu);
            }
        }
        totals.forEach((key, t) -> {
            Recommendation errors = errorRate(key, t, settings);
            if (errors != null) {
                list.add(errors);
            }
        });
        if (input.findings() != null) {
            for (QueryInsights.QueryFinding finding : input.findings()) {
                Recommendation fromFinding = queryFinding(finding, queryHeavy);
                if (fromFinding != null) {
                    list.add(fromFinding);
                }
            }
        }
        if (input.model() != null) {
            Recommendation features = topFeatures(input.model());
            if (features != null) {
                list.add(features);
            }
        }
        for (AnomalyStore.EndpointAnomalies anomalies : input.anomalies()) {
            list.add(anomalous(anomalies, settings));
        }
        list.sort(Comparator.comparing(Recommendation::severity)
                          .thenComparing(Comparator.comparingDouble(Recommendation::impactMs).reversed())
                          .thenComparing(Recommendation::title));
        List<Recommendation> ranked = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            ranked.add(list.get(i).ranked(i + 1));
        }
        return ranked;
    }

    private static Recommendation queryGrowth(EndpointAnalysis.Figures f, long requests, Settings settings) {
        Stats.Line line = f.queries();
        double effect = line.slope() * (f.queriesP90() - f.queriesP10());
        if (line.n() < settings.minRequests() || line.correlation() < settings.correlationThreshold()
                || line.slope() <= 0 || !(effect >= MIN_EFFECT_SHARE * f.meanMs())) {
            return null;
        }
        double attributable = line.slope() * f.queriesMean();
        double share = attributable / f.meanMs();
        Recommendation.Severity severity = share >= 0.5 && f.queriesMean() >= 10 ? Recommendation.Severity.CRITICAL
                : share >= MIN_EFFECT_SHARE ? Recommendation.Severity.WARNING : Recommendation.Severity.INFO;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("correlation", round(line.correlation()));
        evidence.put("ms_per_query", round(line.slope()));
        evidence.put("avg_queries", round(f.queriesMean()));
        evidence.put("p90_queries", round(f.queriesP90()));
        evidence.put("max_queries", round(f.queriesMax()));
        evidence.put("avg_ms", round(f.meanMs()));
        evidence.put("ms_at_p10_queries", round(line.intercept() + line.slope() * f.queriesP10()));
        evidence.put("ms_at_p90_queries", round(line.intercept() + line.slope() * f.queriesP90()));
        evidence.put("share_of_latency_from_queries", round(share));
        evidence.put("requests", requests);
        evidence.put("samples", line.n());
        String route = f.key().route();
        return new Recommendation(0, severity, "latency_grows_with_queries",
                                  route + ": latency grows with the number of queries (N+1 or missing index)",
                                  f.key().service(), f.key().method(), f.key().endpoint(), evidence,
                                  String.format(Locale.ROOT, "Each extra query adds about %.1f ms and requests run "
                                          + "%.0f queries on average, up to %.0f. Look for a query issued inside a "
                                          + "loop (N+1) and fetch the rows in one statement (JOIN, or WHERE id IN "
                                          + "(...)); check the repeated statement's plan with EXPLAIN for a missing "
                                          + "index.", line.slope(), f.queriesMean(), f.queriesMax()),
                                  attributable * requests);
    }

    private static Recommendation cpuBound(EndpointAnalysis.Figures f, long requests, Settings settings) {
        Stats.Line line = f.cpu();
        double low = line.intercept() + line.slope() * f.cpuP10();
        double high = line.intercept() + line.slope() * f.cpuP90();
        if (line.n() < settings.minRequests() || line.correlation() < settings.correlationThreshold()
                || line.slope() <= 0 || !(high - low >= MIN_EFFECT_SHARE * f.meanMs())) {
            return null;
        }
        double ratio = high / Math.max(low, 1);
        Recommendation.Severity severity = ratio >= 3 ? Recommendation.Severity.CRITICAL
                : ratio >= 1.5 ? Recommendation.Severity.WARNING : Recommendation.Severity.INFO;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("correlation", round(line.correlation()));
        evidence.put("ms_per_cpu_percent", round(line.slope()));
        evidence.put("cpu_p10_percent", round(f.cpuP10()));
        evidence.put("cpu_p90_percent", round(f.cpuP90()));
        evidence.put("ms_at_p10_cpu", round(low));
        evidence.put("ms_at_p90_cpu", round(high));
        evidence.put("avg_ms", round(f.meanMs()));
        evidence.put("requests", requests);
        evidence.put("samples", line.n());
        return new Recommendation(0, severity, "latency_tracks_cpu",
                                  f.key().route() + ": latency tracks host CPU (CPU-bound)",
                                  f.key().service(), f.key().method(), f.key().endpoint(), evidence,
                                  String.format(Locale.ROOT, "Latency rises from about %.0f ms at %.0f%% CPU to "
                                          + "%.0f ms at %.0f%% CPU. Profile this endpoint under load (a CPU flame "
                                          + "graph) and move heavy work off the request path or cache its results; "
                                          + "add CPU capacity or scale out before CPU reaches the busy level.",
                                                low, f.cpuP10(), high, f.cpuP90()),
                                  Math.max(0, f.meanMs() - low) * requests);
    }

    private static Recommendation errorRate(EndpointKey key, MinuteTotals t, Settings settings) {
        if (t.requests < settings.minRequests()) {
            return null;
        }
        double percent = 100.0 * t.serverErrors / t.requests;
        if (percent < settings.errorRatePercent()) {
            return null;
        }
        Recommendation.Severity severity = percent >= 4 * settings.errorRatePercent()
                ? Recommendation.Severity.CRITICAL : Recommendation.Severity.WARNING;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("error_rate_percent", round(percent));
        evidence.put("server_errors", t.serverErrors);
        evidence.put("client_error_rate_percent", round(100.0 * t.clientErrors / t.requests));
        evidence.put("requests", t.requests);
        evidence.put("threshold_percent", settings.errorRatePercent());
        return new Recommendation(0, severity, "high_error_rate",
                                  key.route() + ": " + Math.round(percent) + "% of requests fail with 5xx",
                                  key.service(), key.method(), key.endpoint(), evidence,
                                  "Look at this endpoint's error groups (GET /api/v1/errors/groups) for the "
                                          + "dominant exception; add a timeout, retry or circuit breaker around a "
                                          + "failing dependency, and an alert on requests.error_rate_percent.",
                                  t.serverErrors * t.avgMs());
    }

    private static Recommendation queryFinding(QueryInsights.QueryFinding finding, Set<EndpointKey> queryHeavy) {
        boolean repeated = "REPEATED_IDENTICAL".equals(finding.kind());
        boolean nPlusOne = "N_PLUS_ONE".equals(finding.kind());
        if (!repeated && !nPlusOne) {
            return null;
        }
        String endpoint = finding.endpoint() == null ? "(unknown endpoint)" : finding.endpoint();
        if (nPlusOne && queryHeavy.stream().anyMatch(k -> k.service().equals(finding.service())
                && k.endpoint().equals(finding.endpoint()))) {
            return null; // already advised, from the latency data
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("repeats_per_request", finding.repeats());
        evidence.put("requests", finding.requests());
        evidence.put("total_time_ms", round(finding.totalTimeMs()));
        evidence.put("fingerprint", finding.fingerprint());
        if (finding.exampleSql() != null) {
            evidence.put("example_sql", finding.exampleSql());
        }
        if (finding.lastSeen() != null) {
            evidence.put("last_seen", finding.lastSeen().toString());
        }
        Recommendation.Severity severity = finding.repeats() >= 10 || finding.totalTimeMs() >= 10_000
                ? Recommendation.Severity.WARNING : Recommendation.Severity.INFO;
        if (repeated) {
            return new Recommendation(0, severity, "repeated_identical_reads",
                                      endpoint + ": the same read runs " + finding.repeats()
                                              + " times in one request (worth caching)",
                                      finding.service(), null, finding.endpoint(), evidence,
                                      "The identical statement (same parameters) returns the same rows each time: "
                                              + "read it once per request and reuse the result, or cache it in the "
                                              + "application with a short expiry.",
                                      finding.totalTimeMs());
        }
        return new Recommendation(0, severity, "n_plus_one_queries",
                                  endpoint + ": one statement runs " + finding.repeats()
                                          + " times per request with different parameters (N+1)",
                                  finding.service(), null, finding.endpoint(), evidence,
                                  "Fetch the rows in one statement (JOIN, or WHERE id IN (...)) instead of one "
                                          + "query per item.", finding.totalTimeMs());
    }

    private static Recommendation topFeatures(ModelFacts model) {
        List<ResponseTimeTrainer.FeatureImportance> top = model.importance().stream()
                .filter(f -> f.share() >= 0.05).limit(3).toList();
        if (top.isEmpty()) {
            return null;
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (ResponseTimeTrainer.FeatureImportance feature : top) {
            evidence.put(feature.feature() + "_mae_increase_ms", round(feature.maeIncreaseMs()));
            evidence.put(feature.feature() + "_share", round(feature.share()));
        }
        evidence.put("model_version", model.version());
        evidence.put("model_correlation", round(model.correlation()));
        List<String> names = top.stream().map(ResponseTimeTrainer.FeatureImportance::feature).toList();
        return new Recommendation(0, Recommendation.Severity.INFO, "top_model_features",
                                  "Response time depends most on " + String.join(", ", names),
                                  null, null, null, evidence, featureAdvice(names.get(0)), 0);
    }

    static String featureAdvice(String feature) {
        return switch (feature) {
            case RequestFeatures.QUERY_COUNT, RequestFeatures.QUERY_TIME_MS ->
                    "Database work drives response time: fewer queries per request (batching, caching) and faster "
                            + "ones (indexes) pay off most.";
            case RequestFeatures.CPU_PERCENT, RequestFeatures.MEMORY_PERCENT ->
                    "Host resources drive response time: add capacity or scale out, and profile the CPU-heavy "
                            + "endpoints.";
            case RequestFeatures.CONCURRENT_REQUESTS ->
                    "Response time degrades with load: check pool sizes (database connections, worker threads) and "
                            + "add capacity before peak traffic.";
            case RequestFeatures.HOUR_OF_DAY, RequestFeatures.DAY_OF_WEEK ->
                    "Response time follows the time of day or week: scale ahead of the busy hours and move batch "
                            + "jobs away from them.";
            default -> "Response time is mostly a matter of which endpoint is called: start with the slowest "
                    + "endpoints and the advice above.";
        };
    }

    private static Recommendation anomalous(AnomalyStore.EndpointAnomalies a, Settings settings) {
        Recommendation.Severity severity = a.minutes() >= 10 ? Recommendation.Severity.CRITICAL
                : Recommendation.Severity.WARNING;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("anomalous_minutes", a.minutes());
        evidence.put("max_score", round(a.maxScore()));
        evidence.put("cut", settings.anomalyCut());
        evidence.put("last_anomalous_minute", a.lastMinute() == null ? null : a.lastMinute().toString());
        evidence.put("worst_avg_ms", round(a.worstAvgMs()));
        evidence.put("usual_avg_ms", round(a.usualAvgMs()));
        EndpointKey key = a.key();
        return new Recommendation(0, severity, "anomalous_endpoint",
                                  key.route() + ": " + a.minutes() + " anomalous minute" + (a.minutes() == 1 ? "" : "s"),
                                  key.service(), key.method(), key.endpoint(), evidence,
                                  "Look at what changed around " + (a.lastMinute() == null ? "those minutes"
                                          : a.lastMinute().toString()) + " (a deploy, a traffic surge, a slow "
                                          + "dependency); GET /api/v1/optimizer/anomalies lists the minutes with "
                                          + "their figures.",
                                  Math.max(0, a.worstAvgMs() - a.usualAvgMs()) * a.minutes());
    }

    private static long requests(Map<EndpointKey, MinuteTotals> totals, EndpointAnalysis.Figures figures) {
        MinuteTotals t = totals.get(figures.key());
        return t == null ? figures.samples() : t.requests;
    }

    static double round(double value) {
        return TrainingService.round(value);
    }
}
