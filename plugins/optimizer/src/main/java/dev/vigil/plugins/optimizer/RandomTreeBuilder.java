package dev.vigil.plugins.optimizer;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Random;

import weka.classifiers.trees.RandomTree;
import weka.core.Instances;
import weka.core.Utils;

/**
 * Builds the bagged trees of a random forest with a numeric class: the same trees as Weka's {@code Bagging} (bootstrap
 * drawn by {@code Instances.resampleWithWeights}, copies as weights) and {@code RandomTree.buildClassifier} make, with
 * the same random choices and the same arithmetic in the same order, but on arrays.
 *
 * <p>Why: Weka's tree copies every instance into new {@code Instances} at every node and allocates three arrays per
 * node and attribute to sort; a training on 100,000 requests (six forests) allocated about 16 GB that way, and that
 * churn, not the live data, is what made the heap grow during training (G1 enlarges the heap when collections come
 * often). Here a node is a range of one index array, partitioned in place; sorting and bootstrap buffers are reused
 * from tree to tree. The result is Weka's own {@code RandomTree} objects (its nodes are created and filled
 * reflectively), so saved models and prediction are unchanged; a unit test checks that the trees serialise to the
 * same bytes as Weka's.
 *
 * <p>Only what RandomTree does by default is handled here (numeric class, no backfitting, no impurity decreases, no
 * missing class values); {@link #supports} says when, and {@link PluginRandomForest} lets Weka build anything else.
 */
final class RandomTreeBuilder {

    private static final Constructor<?> NODE;
    private static final Field TREE;
    private static final Field INFO;
    private static final Field ZERO_R;
    private static final Field SUCCESSORS;
    private static final Field ATTRIBUTE;
    private static final Field SPLIT_POINT;
    private static final Field PROP;
    private static final Field CLASS_DISTRIBUTION;
    private static final Field DISTRIBUTION;

    static {
        try {
            Class<?> node = Class.forName("weka.classifiers.trees.RandomTree$Tree", false,
                                          RandomTree.class.getClassLoader());
            NODE = node.getDeclaredConstructor(RandomTree.class);
            NODE.setAccessible(true);
            TREE = accessible(RandomTree.class, "m_Tree");
            INFO = accessible(RandomTree.class, "m_Info");
            ZERO_R = accessible(RandomTree.class, "m_zeroR");
            SUCCESSORS = accessible(node, "m_Successors");
            ATTRIBUTE = accessible(node, "m_Attribute");
            SPLIT_POINT = accessible(node, "m_SplitPoint");
            PROP = accessible(node, "m_Prop");
            CLASS_DISTRIBUTION = accessible(node, "m_ClassDistribution");
            DISTRIBUTION = accessible(node, "m_Distribution");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Weka version's RandomTree differs from 3.8's", e);
        }
    }

    private final Instances data;
    private final int rows;
    private final int attributes;
    private final int classIndex;
    /** Attribute values by attribute, then row; NaN is missing (as in Weka's instances). */
    private final double[][] columns;
    private final double[] classValues;
    /** Number of values of each nominal attribute, 0 for numeric ones. */
    private final int[] nominalValues;
    /** Walker's alias table for the bootstrap, as resampleWithWeights builds it (the same for every tree). */
    private final double[] aliasQ;
    private final int[] aliasA;

    /** Whether this builder makes what {@code template.buildClassifier} would make on bags of {@code data}. */
    static boolean supports(Instances data, RandomTree template) {
        if (data.classIndex() < 0 || !data.classAttribute().isNumeric() || data.numAttributes() < 2
                || data.numInstances() == 0 || template.getNumFolds() > 0 || template.getComputeImpurityDecreases()) {
            return false;
        }
        for (int a = 0; a < data.numAttributes(); a++) {
            if (!data.attribute(a).isNumeric() && !data.attribute(a).isNominal()) {
                return false;
            }
        }
        for (int i = 0; i < data.numInstances(); i++) {
            if (data.instance(i).classIsMissing()) {
                return false;
            }
        }
        return true;
    }

    RandomTreeBuilder(Instances data) {
        this.data = data;
        rows = data.numInstances();
        attributes = data.numAttributes();
        classIndex = data.classIndex();
        columns = new double[attributes][];
        nominalValues = new int[attributes];
        for (int a = 0; a < attributes; a++) {
            columns[a] = data.attributeToDoubleArray(a);
            nominalValues[a] = data.attribute(a).isNominal() ? data.attribute(a).numValues() : 0;
        }
        classValues = columns[classIndex];

        // Instances.resampleWithWeights: Walker's method (Ripley, Stochastic Simulation, p. 232), kept verbatim.
        int m = rows;
        double[] p = new double[m];
        for (int i = 0; i < m; i++) {
            p[i] = data.instance(i).weight();
        }
        Utils.normalize(p);
        aliasQ = new double[m];
        aliasA = new int[m];
        int[] w = new int[m];
        int nn = -1;
        int np = m;
        for (int i = 0; i < m; i++) {
            if (p[i] < 0) {
                throw new IllegalArgumentException("Weights have to be positive.");
            }
            aliasQ[i] = m * p[i];
            if (aliasQ[i] < 1.0) {
                w[++nn] = i;
            } else {
                w[--np] = i;
            }
        }
        if (nn > -1 && np < m) {
            for (int s = 0; s < m - 1; s++) {
                int i = w[s];
                int j = w[np];
                aliasA[i] = j;
                aliasQ[j] += aliasQ[i] - 1.0;
                if (aliasQ[j] < 1.0) {
                    np++;
                }
                if (np >= m) {
                    break;
                }
            }
        }
        for (int i = 0; i < m; i++) {
            aliasQ[i] += i;
        }
    }

    /** Buffers one tree at a time works in; one per building thread. */
    final class Workspace {
        final int[] counts = new int[rows];
        int[] index = new int[rows];
        double[] weight = new double[rows];
        int[] order = new int[rows];
        double[] sortValues = new double[rows];
        int[] spareIndex = new int[rows];
        double[] spareWeight = new double[rows];

        void ensure(int size) {
            if (order.length < size) {
                int grown = Math.max(size, order.length + order.length / 2);
                order = new int[grown];
                sortValues = new double[grown];
                spareIndex = new int[grown];
                spareWeight = new double[grown];
            }
        }
    }

    Workspace workspace() {
        return new Workspace();
    }

    /**
     * Builds {@code tree} on the bag that {@code Bagging.getTrainingSet} draws with {@code new Random(bagSeed)}.
     */
    void build(RandomTree tree, int bagSeed, int bagSizePercent, Workspace ws) throws Exception {
        // Instances.resampleWithWeights(random, null, true, bagSizePercent): draws counted, copies as weights.
        int[] counts = ws.counts;
        Arrays.fill(counts, 0);
        Random draw = new Random(bagSeed);
        int draws = (int) (rows * (((double) bagSizePercent) / 100.0));
        for (int i = 0; i < draws; i++) {
            double u = rows * draw.nextDouble();
            int slot = (int) u;
            counts[u < aliasQ[slot] ? slot : aliasA[slot]]++;
        }
        int size = 0;
        for (int i = 0; i < rows; i++) {
            if (counts[i] > 0) {
                ws.index[size] = i;
                ws.weight[size] = counts[i];
                size++;
            }
        }
        if (size == 0) {
            tree.buildClassifier(new Instances(data, 0));
            return;
        }
        ws.ensure(size);

        // RandomTree.buildClassifier, numeric class, no backfitting.
        int k = tree.getKValue();
        if (k > attributes - 1) {
            k = attributes - 1;
        }
        if (k < 1) {
            k = (int) Utils.log2(attributes - 1) + 1;
        }
        tree.setKValue(k);
        long seed = tree.getSeed();
        // Instances.getRandomNumberGenerator on the bag.
        Random random = new Random(seed);
        random.setSeed(data.instance(ws.index[random.nextInt(size)]).toStringNoWeight().hashCode() + seed);
        int[] window = new int[attributes - 1];
        for (int i = 0, j = 0; i < window.length; i++) {
            if (j == classIndex) {
                j++;
            }
            window[i] = j++;
        }
        double totalWeight = 0;
        double totalSumSquared = 0;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double c = classValues[ws.index[i]];
            double w = ws.weight[i];
            sum += c * w;
            totalSumSquared += c * c * w;
            totalWeight += w;
        }
        double trainVariance = singleVariance(sum, totalSumSquared, totalWeight) / totalWeight;
        double[] classProbs = {sum / totalWeight};
        Grower grower = new Grower(tree, ws, window, random, k);
        Node root = grower.grow(ws.index, ws.weight, 0, size, classProbs, totalWeight, 0,
                                tree.getMinVarianceProp() * trainVariance);
        TREE.set(tree, toWeka(root, tree));
        INFO.set(tree, new Instances(data, 0));
        ZERO_R.set(tree, null);
    }

    /** One node as RandomTree.Tree holds it. */
    private static final class Node {
        Node[] successors;
        int attribute = -1;
        double splitPoint = Double.NaN;
        double[] prop;
        double[] classDistribution;
        double[] distribution;
    }

    /** RandomTree.Tree.buildTree and what it calls, for a numeric class. */
    private final class Grower {
        private final Workspace ws;
        private final int[] window;
        private final Random random;
        private final int kValue;
        private final double minNum;
        private final int maxDepth;
        private final boolean breakTiesRandomly;

        Grower(RandomTree tree, Workspace ws, int[] window, Random random, int kValue) {
            this.ws = ws;
            this.window = window;
            this.random = random;
            this.kValue = kValue;
            this.minNum = tree.getMinNum();
            this.maxDepth = tree.getMaxDepth();
            this.breakTiesRandomly = tree.getBreakTiesRandomly();
        }

        /** A node's rows are {@code index[from, to)} (into the columns) with their weights in {@code weight}. */
        Node grow(int[] index, double[] weight, int from, int to, double[] classProbs, double totalWeight, int depth,
                  double minVariance) {
            Node node = new Node();
            int n = to - from;
            if (n == 0) {
                node.distribution = new double[2];
                return node;
            }
            double totalSum = 0;
            double totalSumSquared = 0;
            double totalSumOfWeights = 0;
            for (int i = from; i < to; i++) {
                double c = classValues[index[i]];
                double w = weight[i];
                totalSum += c * w;
                totalSumSquared += c * c * w;
                totalSumOfWeights += w;
            }
            double priorVar = singleVariance(totalSum, totalSumSquared, totalSumOfWeights);
            if (totalWeight < 2 * minNum || priorVar / totalWeight < minVariance
                    || (maxDepth > 0 && depth >= maxDepth)) {
                return leaf(node, classProbs, priorVar, totalWeight);
            }

            double val = -Double.MAX_VALUE;
            double split = -Double.MAX_VALUE;
            double[][] bestDists = null;
            double[] bestProps = null;
            int bestIndex = 0;
            double[][] totalSubsetWeights = new double[attributes][];
            int windowSize = window.length;
            int k = kValue;
            boolean gainFound = false;
            while ((windowSize > 0) && (k-- > 0 || !gainFound)) {
                int chosenIndex = random.nextInt(windowSize);
                int attIndex = window[chosenIndex];
                window[chosenIndex] = window[windowSize - 1];
                window[windowSize - 1] = attIndex;
                windowSize--;

                Split candidate = distribution(attIndex, index, weight, from, to);
                totalSubsetWeights[attIndex] = candidate.subsetWeights;
                double currVal = candidate.gain;
                if (Utils.gr(currVal, 0)) {
                    gainFound = true;
                }
                if ((currVal > val) || ((!breakTiesRandomly) && (currVal == val) && (attIndex < bestIndex))) {
                    val = currVal;
                    bestIndex = attIndex;
                    split = candidate.splitPoint;
                    bestProps = candidate.props;
                    bestDists = candidate.dists;
                }
            }

            if (!Utils.gr(val, 0)) {
                return leaf(node, classProbs, priorVar, totalWeight);
            }
            node.attribute = bestIndex;
            node.splitPoint = split;
            node.prop = bestProps;
            Children children = split(index, weight, from, to, bestIndex, split, bestProps);
            double[] attTotalSubsetWeights = totalSubsetWeights[bestIndex];
            node.successors = new Node[bestDists.length];
            boolean emptySuccessor = false;
            for (int i = 0; i < bestDists.length; i++) {
                node.successors[i] = grow(children.index, children.weight, children.start[i], children.start[i + 1],
                                          bestDists[i], attTotalSubsetWeights[i], depth + 1, minVariance);
            }
            for (Node successor : node.successors) {
                if (successor.classDistribution == null) {
                    emptySuccessor = true;
                    break;
                }
            }
            if (emptySuccessor) {
                node.classDistribution = classProbs.clone();
            }
            return node;
        }

        private Node leaf(Node node, double[] classProbs, double priorVar, double totalWeight) {
            node.attribute = -1;
            node.classDistribution = classProbs.clone();
            node.distribution = new double[] {priorVar, totalWeight};
            node.prop = null;
            return node;
        }

        /** RandomTree.Tree.numericDistribution; sorts the node's rows by a numeric attribute, as Weka does. */
        private Split distribution(int att, int[] index, double[] weight, int from, int to) {
            int n = to - from;
            double splitPoint = Double.NaN;
            double[] column = columns[att];
            double[] sums;
            double[] sumSquared;
            double[] sumOfWeights;
            double totalSum;
            double totalSumSquared;
            double totalSumOfWeights;
            int indexOfFirstMissingValue = n;

            if (nominalValues[att] > 0) {
                int values = nominalValues[att];
                sums = new double[values];
                sumSquared = new double[values];
                sumOfWeights = new double[values];
                for (int i = 0; i < n; i++) {
                    double value = column[index[from + i]];
                    if (Double.isNaN(value)) {
                        if (indexOfFirstMissingValue == n) {
                            indexOfFirstMissingValue = i;
                        }
                        continue;
                    }
                    int attVal = (int) value;
                    double c = classValues[index[from + i]];
                    double w = weight[from + i];
                    sums[attVal] += c * w;
                    sumSquared[attVal] += c * c * w;
                    sumOfWeights[attVal] += w;
                }
                totalSum = Utils.sum(sums);
                totalSumSquared = Utils.sum(sumSquared);
                totalSumOfWeights = Utils.sum(sumOfWeights);
            } else {
                sums = new double[2];
                sumSquared = new double[2];
                sumOfWeights = new double[2];
                double[] currSums = new double[2];
                double[] currSumSquared = new double[2];
                double[] currSumOfWeights = new double[2];

                sort(att, index, weight, from, to);

                for (int j = 0; j < n; j++) {
                    if (Double.isNaN(column[index[from + j]])) {
                        indexOfFirstMissingValue = j;
                        break;
                    }
                    double c = classValues[index[from + j]];
                    double w = weight[from + j];
                    currSums[1] += c * w;
                    currSumSquared[1] += c * c * w;
                    currSumOfWeights[1] += w;
                }
                totalSum = currSums[1];
                totalSumSquared = currSumSquared[1];
                totalSumOfWeights = currSumOfWeights[1];
                sums[1] = currSums[1];
                sumSquared[1] = currSumSquared[1];
                sumOfWeights[1] = currSumOfWeights[1];

                double currSplit = column[index[from]];
                double currVal;
                double bestVal = Double.MAX_VALUE;
                for (int i = 0; i < indexOfFirstMissingValue; i++) {
                    double value = column[index[from + i]];
                    if (value > currSplit) {
                        currVal = variance(currSums, currSumSquared, currSumOfWeights);
                        if (currVal < bestVal) {
                            bestVal = currVal;
                            splitPoint = (value + currSplit) / 2.0;
                            if (splitPoint <= currSplit) {
                                splitPoint = value;
                            }
                            for (int j = 0; j < 2; j++) {
                                sums[j] = currSums[j];
                                sumSquared[j] = currSumSquared[j];
                                sumOfWeights[j] = currSumOfWeights[j];
                            }
                        }
                    }
                    currSplit = value;
                    double c = classValues[index[from + i]];
                    double w = weight[from + i];
                    double classVal = c * w;
                    double classValSquared = c * classVal;
                    currSums[0] += classVal;
                    currSumSquared[0] += classValSquared;
                    currSumOfWeights[0] += w;
                    currSums[1] -= classVal;
                    currSumSquared[1] -= classValSquared;
                    currSumOfWeights[1] -= w;
                }
            }

            double[] props = new double[sums.length];
            System.arraycopy(sumOfWeights, 0, props, 0, props.length);
            if (!(Utils.sum(props) > 0)) {
                Arrays.fill(props, 1.0 / props.length);
            } else {
                Utils.normalize(props);
            }

            // Weka spreads every row from the first missing one on (for a nominal attribute, also the known rows
            // after it): kept as is, so that the trees stay Weka's.
            for (int i = indexOfFirstMissingValue; i < n; i++) {
                double c = classValues[index[from + i]];
                double w = weight[from + i];
                for (int j = 0; j < sums.length; j++) {
                    sums[j] += props[j] * c * w;
                    sumSquared[j] += props[j] * c * c * w;
                    sumOfWeights[j] += props[j] * w;
                }
                totalSum += c * w;
                totalSumSquared += c * c * w;
                totalSumOfWeights += w;
            }

            double[][] dist = new double[sums.length][1];
            for (int j = 0; j < sums.length; j++) {
                dist[j][0] = sumOfWeights[j] > 0 ? sums[j] / sumOfWeights[j] : totalSum / totalSumOfWeights;
            }
            double priorVar = singleVariance(totalSum, totalSumSquared, totalSumOfWeights);
            double var = variance(sums, sumSquared, sumOfWeights);
            return new Split(splitPoint, props, dist, sumOfWeights, priorVar - var);
        }

        /**
         * Instances.sort for a numeric attribute: Weka's quicksort of the values (missing as Double.MAX_VALUE) in the
         * node's current order, so that equal values end up in the same order as in Weka.
         */
        private void sort(int att, int[] index, double[] weight, int from, int to) {
            int n = to - from;
            ws.ensure(n);
            double[] values = ws.sortValues;
            int[] order = ws.order;
            double[] column = columns[att];
            for (int i = 0; i < n; i++) {
                double value = column[index[from + i]];
                values[i] = Double.isNaN(value) ? Double.MAX_VALUE : value;
                order[i] = i;
            }
            if (n > 1) {
                quickSort(values, order, 0, n - 1);
            }
            int[] spareIndex = ws.spareIndex;
            double[] spareWeight = ws.spareWeight;
            System.arraycopy(index, from, spareIndex, 0, n);
            System.arraycopy(weight, from, spareWeight, 0, n);
            for (int i = 0; i < n; i++) {
                index[from + i] = spareIndex[order[i]];
                weight[from + i] = spareWeight[order[i]];
            }
        }

        /**
         * RandomTree.Tree.splitData: each child keeps its rows in the node's order; a row missing the split value goes
         * to every branch with a share of its weight. Without such rows the children are ranges of the node's own
         * range (rearranged in place); with them, the children need more room and get arrays of their own.
         */
        private Children split(int[] index, double[] weight, int from, int to, int att, double splitPoint,
                               double[] prop) {
            int branches = prop.length;
            boolean nominal = nominalValues[att] > 0;
            double[] column = columns[att];
            int[] sizes = new int[branches];
            int total = 0;
            for (int i = from; i < to; i++) {
                double value = column[index[i]];
                if (Double.isNaN(value)) {
                    for (int b = 0; b < branches; b++) {
                        if (prop[b] > 0) {
                            sizes[b]++;
                            total++;
                        }
                    }
                } else {
                    sizes[nominal ? (int) value : (value < splitPoint ? 0 : 1)]++;
                    total++;
                }
            }
            int[] start = new int[branches + 1];
            boolean inPlace = total == to - from;
            int base = inPlace ? from : 0;
            start[0] = base;
            for (int b = 0; b < branches; b++) {
                start[b + 1] = start[b] + sizes[b];
            }
            int[] targetIndex;
            double[] targetWeight;
            if (inPlace) {
                ws.ensure(total);
                targetIndex = ws.spareIndex;
                targetWeight = ws.spareWeight;
            } else {
                targetIndex = new int[total];
                targetWeight = new double[total];
            }
            int offset = inPlace ? from : 0;
            int[] next = Arrays.copyOf(start, branches);
            for (int i = from; i < to; i++) {
                int row = index[i];
                double value = column[row];
                if (Double.isNaN(value)) {
                    for (int b = 0; b < branches; b++) {
                        if (prop[b] > 0) {
                            int at = next[b]++ - offset;
                            targetIndex[at] = row;
                            targetWeight[at] = prop[b] * weight[i];
                        }
                    }
                } else {
                    int at = next[nominal ? (int) value : (value < splitPoint ? 0 : 1)]++ - offset;
                    targetIndex[at] = row;
                    targetWeight[at] = weight[i];
                }
            }
            if (inPlace) {
                System.arraycopy(targetIndex, 0, index, from, total);
                System.arraycopy(targetWeight, 0, weight, from, total);
                return new Children(index, weight, start);
            }
            return new Children(targetIndex, targetWeight, start);
        }
    }

    private record Split(double splitPoint, double[] props, double[][] dists, double[] subsetWeights, double gain) {
    }

    /** Branch {@code b} holds {@code index[start[b], start[b + 1])}. */
    private record Children(int[] index, double[] weight, int[] start) {
    }

    private static Object toWeka(Node node, RandomTree tree) throws ReflectiveOperationException {
        Object wekaNode = NODE.newInstance(tree);
        if (node.successors != null) {
            Object[] successors = (Object[]) java.lang.reflect.Array.newInstance(NODE.getDeclaringClass(),
                                                                                 node.successors.length);
            for (int i = 0; i < successors.length; i++) {
                successors[i] = toWeka(node.successors[i], tree);
            }
            SUCCESSORS.set(wekaNode, successors);
        }
        ATTRIBUTE.setInt(wekaNode, node.attribute);
        SPLIT_POINT.setDouble(wekaNode, node.splitPoint);
        PROP.set(wekaNode, node.prop);
        CLASS_DISTRIBUTION.set(wekaNode, node.classDistribution);
        DISTRIBUTION.set(wekaNode, node.distribution);
        return wekaNode;
    }

    /** RandomTree.singleVariance. */
    private static double singleVariance(double s, double sS, double weight) {
        return sS - ((s * s) / weight);
    }

    /** RandomTree.variance. */
    private static double variance(double[] s, double[] sS, double[] sumOfWeights) {
        double var = 0;
        for (int i = 0; i < s.length; i++) {
            if (sumOfWeights[i] > 0) {
                var += singleVariance(s[i], sS[i], sumOfWeights[i]);
            }
        }
        return var;
    }

    // Utils.quickSort(double[], int[], int, int) with its helpers, step for step: the order it leaves equal values in
    // decides the order of rows in the children, hence the order of floating-point sums further down. One change
    // that does not alter a single comparison: the values move along with their positions ({@code values[i]} is
    // Weka's {@code array[index[i]]}), which spares the indirection.

    private static void quickSort(double[] values, int[] index, int left, int right) {
        int diff = right - left;
        switch (diff) {
            case 0:
                return;
            case 1:
                conditionalSwap(values, index, left, right);
                return;
            case 2:
                conditionalSwap(values, index, left, left + 1);
                conditionalSwap(values, index, left, right);
                conditionalSwap(values, index, left + 1, right);
                return;
            default:
                int pivotLocation = sortLeftRightAndCenter(values, index, left, right);
                swap(values, index, pivotLocation, right - 1);
                int center = partition(values, index, left, right, values[right - 1]);
                swap(values, index, center, right - 1);
                quickSort(values, index, left, center - 1);
                quickSort(values, index, center + 1, right);
        }
    }

    private static int sortLeftRightAndCenter(double[] values, int[] index, int l, int r) {
        int c = (l + r) / 2;
        conditionalSwap(values, index, l, c);
        conditionalSwap(values, index, l, r);
        conditionalSwap(values, index, c, r);
        return c;
    }

    private static void swap(double[] values, int[] index, int l, int r) {
        int help = index[l];
        index[l] = index[r];
        index[r] = help;
        double value = values[l];
        values[l] = values[r];
        values[r] = value;
    }

    private static void conditionalSwap(double[] values, int[] index, int left, int right) {
        if (values[left] > values[right]) {
            swap(values, index, left, right);
        }
    }

    private static int partition(double[] values, int[] index, int l, int r, double pivot) {
        r--;
        while (true) {
            while ((values[++l] < pivot)) {
                // scan
            }
            while ((values[--r] > pivot)) {
                // scan
            }
            if (l >= r) {
                return l;
            }
            swap(values, index, l, r);
        }
    }

    private static Field accessible(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
