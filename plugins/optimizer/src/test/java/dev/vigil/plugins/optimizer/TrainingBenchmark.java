package dev.vigil.plugins.optimizer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Training time and peak heap for a number of requests, with the shipped default settings: the same pipeline a
 * training job runs (features, cross-validated forest, residuals, anomaly detector, scoring, model files), on a
 * generated history held in memory instead of read from the database. Run by bench/optimizer/training.sh, one JVM
 * per size.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args[0]);
        int perMinute = 5;
        int minutes = (int) Math.ceil(records / (4.0 * perMinute));
        SyntheticHistory.History history = SyntheticHistory.generate(Instant.parse("2026-03-02T12:00:00Z"), minutes,
                                                                     perMinute, 1);
        ModelTrainer.Input input = ModelTrainerTest.input(history, true);
        OptimizerConfig config = OptimizerConfig.DEFAULTS;
        ModelTrainer.Settings settings = new ModelTrainer.Settings(
                new ResponseTimeTrainer.Settings(config.forestTrees(), config.forestMaxDepth(), config.forestMinLeaf(),
                                                 config.crossValidationFolds(), config.trainingThreads(), 1),
                config.anomalyTrees(), config.anomalySubsample(), config.maxEndpoints(), config.zone());

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        boolean verbose = Boolean.getBoolean("bench.verbose");
        ModelTrainer.Output output = ModelTrainer.train(input, settings, new TrainingSteps() {
            @Override
            public void progress(double fraction, String message) {
                if (verbose) {
                    System.out.printf("  %6d ms  %s%n", (System.nanoTime() - started) / 1_000_000, message);
                }
            }

            @Override
            public boolean cancelled() {
                return false;
            }
        });
        Path dir = Files.createTempDirectory("optimizer-bench");
        LoadedModels models = new LoadedModels(1, Instant.now(), output.responseTime().forest(), output.header(),
                                               config.zone(), output.detector());
        long forestBytes = ModelFiles.write(dir.resolve("forest.model"), models.forestToStored());
        long anomalyBytes = ModelFiles.write(dir.resolve("anomaly.model"), output.detector().toStored());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        sampler.interrupt();
        sampler.join();
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);

        ResponseTimeTrainer.Metrics metrics = output.responseTime().metrics();
        System.out.printf("records=%d  training_ms=%d  peak_heap_mb=%d  heap_above_baseline_mb=%d  "
                                  + "forest_file_mb=%.1f  anomaly_file_mb=%.1f  cv_correlation=%.3f  cv_mae_ms=%.2f  "
                                  + "endpoint_minutes=%d%n",
                          input.samples().size(), elapsedMs, peak.get() >> 20, (peak.get() - baseline) >> 20,
                          forestBytes / 1048576.0, anomalyBytes / 1048576.0, metrics.correlation(), metrics.maeMs(),
                          input.trainingMinutes().size());
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }
}
