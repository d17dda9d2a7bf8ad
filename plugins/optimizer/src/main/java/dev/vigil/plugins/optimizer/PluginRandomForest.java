package dev.vigil.plugins.optimizer;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import weka.classifiers.Classifier;
import weka.classifiers.meta.Bagging;
import weka.classifiers.trees.RandomForest;
import weka.classifiers.trees.RandomTree;
import weka.core.Instances;
import weka.core.Randomizable;

/**
 * Weka's RandomForest, except for how the untrained trees are copied before bagging and how the trees are built.
 *
 * <p>Weka copies the template tree by Java serialisation ({@code AbstractClassifier.makeCopies}). Inside the server
 * that fails: Helidon installs a JVM-wide deserialization allow-list that rejects every class not listed when the
 * server starts, Weka's included, and Weka then silently returns null copies. Here the copies are made by
 * construction from the template's settings instead. The rest of {@code Bagging.buildClassifier} is repeated
 * unchanged (without out-of-bag evaluation, which this plugin does not use). The trees themselves are built by
 * {@link RandomTreeBuilder}: the same trees as Weka's, without Weka's allocation churn. Prediction is
 * RandomForest's own code: a unit test checks that predictions equal a stock RandomForest's.
 */
final class PluginRandomForest extends RandomForest {

    private static final long serialVersionUID = 1L;

    /** Bagging keeps "is the class numeric" in a private field that prediction reads. */
    private static final Field NUMERIC = numericField();

    @Override
    public void buildClassifier(Instances data) throws Exception {
        getCapabilities().testWithFail(data);
        if (getCalcOutOfBag()) {
            throw new IllegalStateException("out-of-bag evaluation is not supported by this forest");
        }
        RandomTree template = (RandomTree) getClassifier();
        m_Classifiers = new Classifier[m_NumIterations];
        for (int i = 0; i < m_Classifiers.length; i++) {
            m_Classifiers[i] = copyOf(template);
        }
        m_random = new Random(m_Seed);
        m_inBag = null;
        for (Classifier tree : m_Classifiers) {
            ((Randomizable) tree).setSeed(m_random.nextInt());
        }
        NUMERIC.setBoolean(this, data.classAttribute().isNumeric());
        if (RandomTreeBuilder.supports(data, template)) {
            // Only read while the trees are built, so no copy is made.
            buildTrees(new RandomTreeBuilder(data));
        } else {
            m_data = new Instances(data);
            buildClassifiers();
        }
        m_OutOfBagEvaluationObject = null;
        // As Bagging does: the training data is not kept, only its header.
        m_data = new Instances(data, 0);
    }

    /**
     * What {@code buildClassifiers()} does with {@code getTrainingSet(i)} (bag seed {@code m_Seed + i}), through the
     * allocation-light builder; on {@code m_numExecutionSlots} threads as Weka would, each with its own buffers. A
     * failed tree fails the forest (Weka would print it and carry on with an untrained tree).
     */
    private void buildTrees(RandomTreeBuilder builder) throws Exception {
        int threads = m_numExecutionSlots == 0 ? Runtime.getRuntime().availableProcessors() : m_numExecutionSlots;
        threads = Math.max(1, Math.min(threads, m_Classifiers.length));
        AtomicInteger next = new AtomicInteger();
        Callable<Void> buildTreesInTurn = () -> {
            RandomTreeBuilder.Workspace workspace = builder.workspace();
            for (int i = next.getAndIncrement(); i < m_Classifiers.length; i = next.getAndIncrement()) {
                stopIfInterrupted();
                builder.build((RandomTree) m_Classifiers[i], m_Seed + i, m_BagSizePercent, workspace);
            }
            return null;
        };
        if (threads == 1) {
            buildTreesInTurn.call();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(buildTreesInTurn));
            }
            for (Future<Void> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stopping the plugin interrupts training: it then ends at the next tree rather than with the forest. */
    private static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("training was cancelled (the plugin is stopping)");
        }
    }

    /**
     * A fresh tree with the template's settings, through its setters. Not through getOptions/setOptions: those go
     * through java.beans introspection, whose JDK-wide cache would keep Weka's classes (and the plugin's class
     * loader) reachable after the plugin is unloaded.
     */
    static RandomTree copyOf(RandomTree template) {
        RandomTree copy = new RandomTree();
        copy.setKValue(template.getKValue());
        copy.setMinNum(template.getMinNum());
        copy.setMinVarianceProp(template.getMinVarianceProp());
        copy.setMaxDepth(template.getMaxDepth());
        copy.setNumFolds(template.getNumFolds());
        copy.setAllowUnclassifiedInstances(template.getAllowUnclassifiedInstances());
        copy.setBreakTiesRandomly(template.getBreakTiesRandomly());
        copy.setComputeImpurityDecreases(template.getComputeImpurityDecreases());
        copy.setSeed(template.getSeed());
        copy.setDebug(template.getDebug());
        copy.setDoNotCheckCapabilities(template.getDoNotCheckCapabilities());
        copy.setNumDecimalPlaces(template.getNumDecimalPlaces());
        copy.setBatchSize(template.getBatchSize());
        return copy;
    }

    private static Field numericField() {
        try {
            Field field = Bagging.class.getDeclaredField("m_Numeric");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Weka version's Bagging has no m_Numeric field", e);
        }
    }
}
