package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import weka.classifiers.misc.IsolationForest;
import weka.core.Attribute;
import weka.core.DenseInstance;
import weka.core.Instances;

/**
 * Isolation forests over per-minute endpoint figures.
 *
 * <p>Each figure is first expressed as a deviation from that endpoint's own usual value (median, scaled by the
 * median absolute deviation), so that a slow endpoint's ordinary minutes are not "anomalous" merely for being slower
 * than the others. The forests learn the deviations both ways (so that ordinary minutes score about 0.5, as an
 * isolation forest's scores are meant to read), but a minute scores above 0.5 only when it deviates in a harmful
 * direction: slower, more errors, more queries, or traffic far off either way.
 *
 * <p>Two forests: one over the minute's own figures (traffic, latency, errors, queries) and one over the
 * response-time model's residual (how much slower than predicted the minute's requests were). The residual catches
 * minutes that are only abnormal given their query count or CPU, which a forest over the raw figures misses; and
 * mixing the residual in as one more dimension of a single forest dilutes it among the others (measured on generated
 * histories: the weakest injected anomaly then ranked below ordinary minutes).
 *
 * <p>An isolation forest cannot tell "just beyond anything seen in training" from "far beyond": both land in the
 * same extreme leaves (measured: 8 ms and 60 ms on an endpoint that takes 5 ms scored alike, 0.69). So a third part,
 * the magnitude score, grows with the largest harmful deviation: {@code 1 - 0.5 * 5 / max(z, 5)}, 0.5 up to five
 * scales off the usual, 0.75 at ten, 0.95 at fifty. The minute's score is the largest of the three.
 */
final class AnomalyDetector {

    static final List<String> FIGURES = List.of("requests", "avg_ms", "max_ms", "error_rate", "avg_queries",
                                                "residual");
    /** An endpoint needs this many minutes before its "usual" can be told apart from noise. */
    static final int MIN_MINUTES = 10;
    static final String FORMAT = "vigil-optimizer-anomaly-1";

    private static final int F = FIGURES.size();
    private static final int REQUESTS = 0;
    private static final int ERROR_RATE = 3;
    private static final int RESIDUAL = 5;
    /** Within this many scales of the usual, a figure is ordinary in either direction. */
    private static final double HARMLESS_DEVIATION = 1.0;
    /** Deviations up to this many scales are ordinary for the magnitude score. */
    private static final double MAGNITUDE_SCALES = 5.0;
    /** What an ordinary minute scores: the isolation forest's value for a typical point. */
    private static final double NEUTRAL_SCORE = 0.5;
    /** Keeps an endpoint that never failed from treating a single error as a huge deviation. */
    private static final double MIN_ERROR_VARIANCE = 0.01;

    private final IsolationForest figureForest;
    private final Instances figureHeader;
    private final IsolationForest residualForest;
    private final Instances residualHeader;
    /** Per endpoint id: F usual values then F scales. */
    private final Map<String, double[]> baselines;

    /** @param residualForest null when no minute had a residual to learn from */
    AnomalyDetector(IsolationForest figureForest, Instances figureHeader, IsolationForest residualForest,
                    Instances residualHeader, Map<String, double[]> baselines) {
        this.figureForest = figureForest;
        this.figureHeader = figureHeader;
        this.residualForest = residualForest;
        this.residualHeader = residualHeader;
        this.baselines = baselines;
    }

    /** The score of a minute and its parts; {@code residual} is NaN when it could not be computed. */
    record Score(double combined, double figures, double residual, double magnitude) {
    }

    /** The figures of one minute, before comparing them with the endpoint's usual. Unknown ones are NaN. */
    static double[] figures(MinuteTotals totals, double residual) {
        return new double[] {Math.log1p(totals.requests), totals.avgMs(), totals.maxMs, totals.errorRate(),
                totals.avgQueries(), residual};
    }

    /**
     * Trains on {@code rows}; endpoints with fewer than {@link #MIN_MINUTES} minutes are left out (they cannot be
     * scored). Null when no endpoint has enough minutes.
     *
     * @param residualOf the mean relative residual of the minute's requests, NaN when unknown
     */
    static AnomalyDetector train(List<MinuteRow> rows, ToDoubleFunction<MinuteRow> residualOf, int trees,
                                 int subsample, int seed) throws Exception {
        Map<String, List<double[]>> byEndpoint = new HashMap<>();
        for (MinuteRow row : rows) {
            byEndpoint.computeIfAbsent(row.key().id(), k -> new ArrayList<>())
                    .add(figures(row.totals(), residualOf.applyAsDouble(row)));
        }
        Map<String, double[]> baselines = new HashMap<>();
        byEndpoint.forEach((endpoint, figures) -> {
            if (figures.size() >= MIN_MINUTES) {
                baselines.put(endpoint, baseline(figures));
            }
        });
        if (baselines.isEmpty()) {
            return null;
        }
        Instances figureHeader = header("endpoint_minutes", FIGURES.subList(0, RESIDUAL));
        Instances residualHeader = header("endpoint_minute_residuals", FIGURES.subList(RESIDUAL, F));
        Instances figureData = new Instances(figureHeader, rows.size());
        Instances residualData = new Instances(residualHeader, rows.size());
        for (MinuteRow row : rows) {
            double[] baseline = baselines.get(row.key().id());
            if (baseline == null) {
                continue;
            }
            double residual = residualOf.applyAsDouble(row);
            double[] deviations = deviations(figures(row.totals(), residual), baseline);
            figureData.add(instance(figureHeader, deviations, 0, RESIDUAL));
            if (!Double.isNaN(residual)) {
                residualData.add(instance(residualHeader, deviations, RESIDUAL, F));
            }
        }
        IsolationForest figureForest = forest(figureData, trees, subsample, seed);
        IsolationForest residualForest = residualData.numInstances() >= MIN_MINUTES
                ? forest(residualData, trees, subsample, seed) : null;
        return new AnomalyDetector(figureForest, figureHeader, residualForest, residualHeader, baselines);
    }

    /** The score of one minute (about 0.5 for ordinary ones, towards 1 for outliers); null when unknown. */
    Score score(MinuteRow row, double residual) throws Exception {
        double[] baseline = baselines.get(row.key().id());
        if (baseline == null) {
            return null;
        }
        double[] deviations = deviations(figures(row.totals(), residual), baseline);
        double figureScore = 1 - figureForest.distributionForInstance(instance(figureHeader, deviations, 0,
                                                                                RESIDUAL))[0];
        if (!harmful(deviations, 0, RESIDUAL)) {
            figureScore = Math.min(figureScore, NEUTRAL_SCORE);
        }
        double residualScore = Double.NaN;
        if (residualForest != null && !Double.isNaN(residual)) {
            residualScore = 1 - residualForest.distributionForInstance(instance(residualHeader, deviations,
                                                                                 RESIDUAL, F))[0];
            if (!harmful(deviations, RESIDUAL, F)) {
                residualScore = Math.min(residualScore, NEUTRAL_SCORE);
            }
        }
        double magnitudeScore = magnitudeScore(deviations);
        double combined = Math.max(Math.max(figureScore, magnitudeScore),
                                   Double.isNaN(residualScore) ? 0 : residualScore);
        return new Score(combined, figureScore, residualScore, magnitudeScore);
    }

    /** The endpoint's usual (median) mean latency, NaN when it has no baseline. */
    double usualAvgMs(EndpointKey key) {
        double[] baseline = baselines.get(key.id());
        return baseline == null ? Double.NaN : baseline[1];
    }

    int endpoints() {
        return baselines.size();
    }

    /** What the model file holds: Weka and JDK types only, so reading it needs no class of this plugin. */
    Object[] toStored() {
        return new Object[] {FORMAT, figureForest, figureHeader, residualForest, residualHeader,
                new HashMap<>(baselines)};
    }

    @SuppressWarnings("unchecked")
    static AnomalyDetector fromStored(Object[] stored) {
        if (stored.length != 6 || !FORMAT.equals(stored[0])) {
            throw new IllegalArgumentException("not an anomaly model of this version");
        }
        return new AnomalyDetector((IsolationForest) stored[1], (Instances) stored[2], (IsolationForest) stored[3],
                                   (Instances) stored[4], (Map<String, double[]>) stored[5]);
    }

    static double[] deviations(double[] figures, double[] baseline) {
        double[] deviations = new double[F];
        for (int i = 0; i < F; i++) {
            double usual = baseline[i];
            double scale = baseline[F + i];
            if (i == ERROR_RATE) {
                // Binomial noise: one error in three requests is ordinary for an endpoint failing one in eight.
                double requests = Math.expm1(figures[REQUESTS]);
                scale = Math.sqrt(Math.max(usual * (1 - usual), MIN_ERROR_VARIANCE) / Math.max(1, requests));
            }
            // Unknown figures sit at the usual value: they neither raise nor lower the score.
            deviations[i] = Double.isNaN(figures[i]) || Double.isNaN(usual) ? 0 : (figures[i] - usual) / scale;
        }
        return deviations;
    }

    /** 0.5 within {@link #MAGNITUDE_SCALES} scales of the usual, rising towards 1 with the largest harmful one. */
    static double magnitudeScore(double[] deviations) {
        double largest = 0;
        for (int i = 0; i < F; i++) {
            largest = Math.max(largest, i == REQUESTS ? Math.abs(deviations[i]) : deviations[i]);
        }
        return 1 - NEUTRAL_SCORE * MAGNITUDE_SCALES / Math.max(largest, MAGNITUDE_SCALES);
    }

    /**
     * Whether a minute deviates in a direction that hurts: slower, more errors or more queries than usual, traffic
     * far off either way. A minute that is only unusually fast or error-free is no anomaly, however rare.
     */
    static boolean harmful(double[] deviations, int from, int to) {
        for (int i = from; i < to; i++) {
            double deviation = deviations[i];
            if (i == REQUESTS ? Math.abs(deviation) > HARMLESS_DEVIATION : deviation > HARMLESS_DEVIATION) {
                return true;
            }
        }
        return false;
    }

    private static IsolationForest forest(Instances data, int trees, int subsample, int seed) throws Exception {
        IsolationForest forest = new IsolationForest();
        forest.setNumTrees(trees);
        forest.setSubsampleSize(subsample);
        forest.setSeed(seed);
        forest.buildClassifier(data);
        return forest;
    }

    private static double[] baseline(List<double[]> figures) {
        double[] baseline = new double[2 * F];
        for (int i = 0; i < F; i++) {
            double[] column = new double[figures.size()];
            for (int r = 0; r < column.length; r++) {
                column[r] = figures.get(r)[i];
            }
            if (i == ERROR_RATE) {
                baseline[i] = overallErrorRate(figures);
                continue;
            }
            double median = Stats.median(column);
            double mad = Stats.mad(column, median);
            baseline[i] = median;
            baseline[F + i] = Math.max(Double.isNaN(mad) ? 0 : 1.4826 * mad, scaleFloor(i, median));
        }
        return baseline;
    }

    /** Errors over requests across all minutes: the usual error rate, weighted by traffic. */
    private static double overallErrorRate(List<double[]> figures) {
        double errors = 0;
        double requests = 0;
        for (double[] minute : figures) {
            double n = Math.expm1(minute[REQUESTS]);
            errors += minute[ERROR_RATE] * n;
            requests += n;
        }
        return requests == 0 ? 0 : errors / requests;
    }

    /**
     * The smallest scale a figure may have: an endpoint whose latency never varied must not turn a 1 ms wobble into
     * a huge deviation.
     */
    private static double scaleFloor(int figure, double median) {
        double magnitude = Double.isNaN(median) ? 0 : Math.abs(median);
        return switch (FIGURES.get(figure)) {
            case "requests" -> 0.1;
            case "avg_ms", "max_ms" -> Math.max(0.05 * magnitude, 1.0);
            case "avg_queries" -> Math.max(0.05 * magnitude, 0.5);
            default -> 0.05;
        };
    }

    private static Instances header(String name, List<String> figures) {
        ArrayList<Attribute> attributes = new ArrayList<>();
        for (String figure : figures) {
            attributes.add(new Attribute(figure + "_deviation"));
        }
        // IsolationForest wants a unary (or binary) class; this one carries no information.
        attributes.add(new Attribute("class", List.of("minute")));
        Instances header = new Instances(name, attributes, 0);
        header.setClassIndex(attributes.size() - 1);
        return header;
    }

    private static DenseInstance instance(Instances header, double[] deviations, int from, int to) {
        double[] values = new double[to - from + 1];
        System.arraycopy(deviations, from, values, 0, to - from);
        DenseInstance instance = new DenseInstance(1.0, values);
        instance.setDataset(header);
        return instance;
    }
}
