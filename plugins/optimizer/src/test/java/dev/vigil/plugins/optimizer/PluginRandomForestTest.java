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
