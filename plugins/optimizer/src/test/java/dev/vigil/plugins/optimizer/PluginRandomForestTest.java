package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import weka.classifiers.trees.RandomForest;
import weka.classifiers.trees.RandomTree;
import weka.core.Instances;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forest that avoids Weka's serialisation-based copies, and the model files. */
class PluginRandomForestTest {

    @TempDir
    Path dir;

    static Instances data() {
        SyntheticHistory.History history = SyntheticHistory.generate(Instant.parse("2026-03-02T12:00:00Z"), 60, 3, 5);
        ModelTrainer.Input input = ModelTrainerTest.input(history, true);
        FeatureAssembler assembler = new FeatureAssembler(input.resources(), input.concurrency());
        List<FeatureRow> rows = input.samples().stream().map(assembler::row).toList();
        return RequestFeatures.dataset(RequestFeatures.design(rows, 200).header(), rows, ZoneOffset.UTC);
    }

    @Test
    void predictsExactlyLikeWekasRandomForest() throws Exception {
        Instances data = data();
        ResponseTimeTrainer.Settings settings = new ResponseTimeTrainer.Settings(20, 10, 5, 5, 1, 3);
        RandomForest ours = ResponseTimeTrainer.newForest(settings);
        RandomForest stock = new RandomForest();
        stock.setNumIterations(20);
        stock.setMaxDepth(10);
        ((RandomTree) stock.getClassifier()).setMinNum(5);
        stock.setSeed(3);
        ours.buildClassifier(data);
        stock.buildClassifier(data);
        double[] expected = new double[data.numInstances()];
        double[] actual = new double[data.numInstances()];
        for (int i = 0; i < data.numInstances(); i++) {
            expected[i] = stock.classifyInstance(data.instance(i));
            actual[i] = ours.classifyInstance(data.instance(i));
        }
        assertArrayEquals(expected, actual, 1e-9);
    }

    /**
     * The trees themselves, not only their predictions, are Weka's: each tree serialises to the same bytes as the
     * stock forest's, also with missing values (numeric and nominal), smaller bags, unbounded depth, a K larger
     * than the attributes and two threads.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "20, 10, 5, 100, 0, 1, false",
            "10, 12, 5, 30, 0, 1, true",
            "8, 0, 1, 100, 0, 1, true",
            "8, 4, 2, 60, 50, 2, true",
            "12, 0, 3, 25, 0, 2, false"})
    void buildsTheSameTreesAsWeka(int trees, int depth, int minLeaf, int bagPercent, int k, int threads,
                                  boolean missing) throws Exception {
        Instances data = data();
        if (missing) {
            java.util.Random random = new java.util.Random(9);
            int endpoint = data.attribute(RequestFeatures.ENDPOINT).index();
            int cpu = data.attribute(RequestFeatures.CPU_PERCENT).index();
            int queries = data.attribute(RequestFeatures.QUERY_COUNT).index();
            for (int i = 0; i < data.numInstances(); i++) {
                for (int attribute : new int[] {endpoint, cpu, queries}) {
                    if (random.nextInt(10) == 0) {
                        data.instance(i).setMissing(attribute);
                    }
                }
            }
        }
        RandomForest ours = ResponseTimeTrainer.newForest(
                new ResponseTimeTrainer.Settings(trees, depth, minLeaf, 5, threads, 7));
        RandomForest stock = new RandomForest();
        stock.setNumIterations(trees);
        stock.setMaxDepth(depth);
        ((RandomTree) stock.getClassifier()).setMinNum(minLeaf);
        stock.setSeed(7);
        stock.setNumExecutionSlots(threads);
        for (RandomForest forest : List.of(ours, stock)) {
            forest.setBagSizePercent(bagPercent);
            forest.setNumFeatures(k);
        }
        ours.buildClassifier(data);
        stock.buildClassifier(data);
        Object[] ourTrees = trees(ours);
        Object[] stockTrees = trees(stock);
        assertEquals(stockTrees.length, ourTrees.length);
        for (int i = 0; i < ourTrees.length; i++) {
            assertArrayEquals(serialised(stockTrees[i]), serialised(ourTrees[i]), "tree " + i);
        }
        for (int i = 0; i < data.numInstances(); i++) {
            assertEquals(stock.classifyInstance(data.instance(i)), ours.classifyInstance(data.instance(i)), 1e-9);
        }
    }

    private static Object[] trees(RandomForest forest) throws Exception {
        java.lang.reflect.Field field = weka.classifiers.IteratedSingleClassifierEnhancer.class
                .getDeclaredField("m_Classifiers");
        field.setAccessible(true);
        return (Object[]) field.get(forest);
    }

    private static byte[] serialised(Object value) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    @Test
    void modelFilesRoundTripAndRefuseForeignClasses() throws Exception {
        Instances data = data();
        RandomForest forest = ResponseTimeTrainer.newForest(new ResponseTimeTrainer.Settings(5, 6, 5, 5, 1, 1));
        forest.buildClassifier(data);
        LoadedModels models = new LoadedModels(1, Instant.EPOCH, forest, new Instances(data, 0), ZoneOffset.UTC,
                                               null);
        Path file = dir.resolve("forest.model");
        ModelFiles.write(file, models.forestToStored());
        LoadedModels read = LoadedModels.fromStored(1, Instant.EPOCH, ModelFiles.read(file), null);
        FeatureRow row = new FeatureRow(Instant.parse("2026-03-02T11:00:00Z").toEpochMilli(),
                                        EndpointKey.of("shop", "GET", "/orders"), 20, 60, 50, 60, 1, Double.NaN);
        assertEquals(models.predictMs(row), read.predictMs(row), 1e-9);

        Path foreign = dir.resolve("foreign.model");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(foreign))) {
            out.writeObject(new Object[] {new javax.swing.JLabel("not a model")});
        }
        assertThrows(java.io.InvalidClassException.class, () -> ModelFiles.read(foreign));
    }
}
