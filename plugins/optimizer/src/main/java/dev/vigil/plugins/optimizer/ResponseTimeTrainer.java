package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import weka.classifiers.trees.RandomForest;
import weka.classifiers.trees.RandomTree;
import weka.core.Instance;
import weka.core.Instances;

/**
 * Trains the response-time random forest and measures it honestly: k-fold cross-validation (folds made of whole
 * minutes) gives out-of-fold predictions for every row (the metrics, and the residuals the anomaly detector uses: an
 * in-sample residual is useless because the forest memorises the anomalies), and permutation importance on held-out
 * rows says how much each feature matters in milliseconds of error. The fold forests are lighter than the final one
 * on large samples (see {@link #CV_DRAWS_PER_TREE}), so the metrics are, if anything, slightly pessimistic.
 */
final class ResponseTimeTrainer {

    /** Held-out rows used for permutation importance, over all folds: enough for stable figures, cheap. */
    static final int IMPORTANCE_ROWS = 4000;

    /**
     * Most bootstrap draws per tree of a cross-validation forest. Cross-validation only needs out-of-fold predictions
     * (residuals and metrics), and trees built from a smaller bag of a large fold predict about as well (the
     * depth bound, not the rows, limits them): measured on generated histories, bags capped at 20,000 draws gave
     * the same out-of-fold correlation and an MAE within 1% at 50k and 100k rows, in 40% of the time at 100k, and
     * the injected anomalous minutes kept their ranks and scores. Small folds (up to 20,000 rows) keep the full bag,
     * so their metrics are unchanged.
     */
    static final int CV_DRAWS_PER_TREE = 20_000;

    /** Forest size and evaluation. Depth and leaf size are bounded: unbounded trees take hundreds of MB. */
    record Settings(int trees, int maxDepth, int minLeaf, int folds, int threads, int seed) {
    }

    /** Cross-validated accuracy; {@code baselineMaeMs} is the error of always predicting the mean. */
    record Metrics(int folds, int records, double maeMs, double rmseMs, double correlation, double r2,
                   double baselineMaeMs, double meanMs) {
    }

    /** How much worse held-out predictions get when one feature's values are shuffled. */
    record FeatureImportance(String feature, double maeIncreaseMs, double share) {
    }

    /** The final forest (trained on all rows), its metrics and the out-of-fold predictions in row order. */
    record Result(RandomForest forest, Metrics metrics, List<FeatureImportance> importance, double[] outOfFold) {
    }

    private ResponseTimeTrainer() {
    }

    static RandomForest newForest(Settings settings) {
        RandomForest forest = new PluginRandomForest();
        forest.setNumIterations(settings.trees());
        forest.setMaxDepth(settings.maxDepth());
        ((RandomTree) forest.getClassifier()).setMinNum(settings.minLeaf());
        forest.setNumExecutionSlots(settings.threads());
        forest.setSeed(settings.seed());
        return forest;
    }

    /**
     * @param groups rows of one group (here: one minute) always fall in the same fold. Requests of one minute
     *               share its CPU reading and concurrency, so a forest could otherwise learn a minute's slowness from
     *               its other requests and hide an anomalous minute from its own residuals.
     */
    static Result train(Instances data, long[] groups, Settings settings, TrainingSteps steps) throws Exception {
        int n = data.numInstances();
        int[] foldOf = assignFolds(groups, settings.folds(), new Random(settings.seed()));
        int folds = Arrays.stream(foldOf).max().orElse(0) + 1;
        double[] outOfFold = new double[n];
        double[] baseline = new double[n];
        int attributes = data.numAttributes();
        double[] importanceSum = new double[attributes];
        int importanceRows = 0;
        Random shuffler = new Random(settings.seed() + 1L);

        int[] foldSizes = new int[folds];
        for (int fold : foldOf) {
            foldSizes[fold]++;
        }
        // Progress in proportion to the bootstrap draws of each forest, which is what its time follows.
        int[] bagPercent = new int[folds];
        double[] work = new double[folds + 1];
        for (int fold = 0; fold < folds; fold++) {
            bagPercent[fold] = bagSizePercent(n - foldSizes[fold], CV_DRAWS_PER_TREE);
            work[fold + 1] = work[fold] + (n - foldSizes[fold]) * (bagPercent[fold] / 100.0);
        }
        double allWork = work[folds] + n;
        for (int fold = 0; fold < folds; fold++) {
            steps.checkCancelled();
            steps.progress(work[fold] / allWork, "cross-validation: fold " + (fold + 1) + " of " + folds);
            // Only the training part is copied (Weka wants an Instances); held-out rows are predicted in place.
            Instances train = new Instances(data, n - foldSizes[fold]);
            for (int i = 0; i < n; i++) {
                if (foldOf[i] != fold) {
                    train.add(data.instance(i));
                }
            }
            double trainMean = train.meanOrMode(train.classIndex());
            RandomForest forest = newForest(settings);
            forest.setBagSizePercent(bagPercent[fold]);
            forest.buildClassifier(train);
            train = null; // the forest keeps only the header: the copy can go while the fold is predicted
            Instances heldOut = new Instances(data, IMPORTANCE_ROWS / folds + 1);
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == fold) {
                    Instance row = data.instance(i);
                    outOfFold[i] = forest.classifyInstance(row);
                    baseline[i] = trainMean;
                    if (heldOut.numInstances() < IMPORTANCE_ROWS / folds + 1) {
                        heldOut.add(row);
                    }
                }
            }
            steps.checkCancelled();
            double[] increase = permutationIncrease(forest, heldOut, shuffler);
            for (int a = 0; a < attributes; a++) {
                importanceSum[a] += increase[a] * heldOut.numInstances();
            }
            importanceRows += heldOut.numInstances();
        }

        steps.checkCancelled();
        steps.progress(work[folds] / allWork, "training the final forest on " + n + " requests");
        RandomForest finalForest = newForest(settings);
        finalForest.buildClassifier(data);
        steps.progress(1.0, "response-time model trained");

        double[] actual = data.attributeToDoubleArray(data.classIndex());
        Metrics metrics = metrics(folds, actual, outOfFold, baseline);
        return new Result(finalForest, metrics, importance(data, importanceSum, importanceRows), outOfFold);
    }

    /** Mean absolute error increase per attribute (0 for the class) when that attribute is shuffled. */
    static double[] permutationIncrease(RandomForest forest, Instances heldOut, Random random) throws Exception {
        int attributes = heldOut.numAttributes();
        double[] increase = new double[attributes];
        if (heldOut.numInstances() < 2) {
            return increase;
        }
        double base = mae(forest, heldOut);
        for (int a = 0; a < attributes; a++) {
            if (a == heldOut.classIndex()) {
                continue;
            }
            Instances shuffled = new Instances(heldOut);
            double[] column = shuffled.attributeToDoubleArray(a);
            for (int i = column.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double swap = column[i];
                column[i] = column[j];
                column[j] = swap;
            }
            for (int i = 0; i < column.length; i++) {
                shuffled.instance(i).setValue(a, column[i]);
            }
            increase[a] = Math.max(0, mae(forest, shuffled) - base);
        }
        return increase;
    }

    static Metrics metrics(int folds, double[] actual, double[] predicted, double[] baseline) {
        int n = actual.length;
        double absolute = 0;
        double squared = 0;
        double baselineAbsolute = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double error = actual[i] - predicted[i];
            absolute += Math.abs(error);
            squared += error * error;
            baselineAbsolute += Math.abs(actual[i] - baseline[i]);
            mean += actual[i];
        }
        mean /= Math.max(1, n);
        double total = 0;
        for (double value : actual) {
            total += (value - mean) * (value - mean);
        }
        double r2 = total == 0 ? 0 : 1 - squared / total;
        return new Metrics(folds, n, absolute / n, Math.sqrt(squared / n), Stats.pearson(actual, predicted), r2,
                           baselineAbsolute / n, mean);
    }

    private static List<FeatureImportance> importance(Instances data, double[] sum, int rows) {
        double total = 0;
        double[] mean = new double[sum.length];
        for (int a = 0; a < sum.length; a++) {
            mean[a] = rows == 0 ? 0 : sum[a] / rows;
            total += mean[a];
        }
        List<FeatureImportance> list = new ArrayList<>();
        for (int a = 0; a < sum.length; a++) {
            if (a != data.classIndex()) {
                list.add(new FeatureImportance(data.attribute(a).name(), mean[a], total == 0 ? 0 : mean[a] / total));
            }
        }
        list.sort(Comparator.comparingDouble(FeatureImportance::maeIncreaseMs).reversed());
        return list;
    }

    private static double mae(RandomForest forest, Instances rows) throws Exception {
        double sum = 0;
        for (Instance row : rows) {
            sum += Math.abs(row.classValue() - forest.classifyInstance(row));
        }
        return sum / rows.numInstances();
    }

    /**
     * Weka's bag size (percent of the rows, 1..100) that makes each tree's bootstrap sample at most {@code draws}
     * rows.
     */
    static int bagSizePercent(int rows, int draws) {
        return (int) Math.max(1, Math.min(100, 100L * draws / Math.max(1, rows)));
    }

    /** A fold number for every row: groups shuffled, then dealt round-robin, so folds are balanced by group. */
    private static int[] assignFolds(long[] groups, int folds, Random random) {
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(Arrays.stream(groups).boxed()
                                                                                     .toList()));
        Collections.sort(distinct);
        Collections.shuffle(distinct, random);
        int used = Math.max(1, Math.min(folds, distinct.size()));
        Map<Long, Integer> foldOfGroup = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            foldOfGroup.put(distinct.get(i), i % used);
        }
        int[] foldOf = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            foldOf[i] = foldOfGroup.get(groups[i]);
        }
        return foldOf;
    }
}
