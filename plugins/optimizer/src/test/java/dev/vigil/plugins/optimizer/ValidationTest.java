package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Config values and predict bodies are checked, and errors name the key or field. */
class ValidationTest {

    @Test
    void configErrorsNameTheKey() {
        OptimizerConfig d = OptimizerConfig.DEFAULTS;
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> new OptimizerConfig(
                d.trainingInterval(), d.minTrainingRecords(), d.trainingSampleSize(), d.trainingWindow(),
                d.forestTrees(), d.forestMaxDepth(), d.forestMinLeaf(), d.crossValidationFolds(), d.trainingThreads(),
                d.anomalyTrees(), d.anomalySubsample(), 1.5, d.samplesPerEndpointMinute(), d.maxSamples(),
                d.maxEndpoints(), d.minuteRetention(), d.anomalyRetention(), d.predictionRetention(),
                d.predictionMatchWindow(), d.livePredictionsPerMinute(), d.resourceMatchTolerance(),
                d.scoringInterval(), d.analysisWindow(), d.correlationThreshold(), d.errorRatePercent(),
                d.minRequests(), d.keepModels(), d.timeZone()));
        assertTrue(cut.getMessage().startsWith("anomaly-cut"), cut.getMessage());
        IllegalArgumentException interval = assertThrows(IllegalArgumentException.class, () -> new OptimizerConfig(
                Duration.ZERO, d.minTrainingRecords(), d.trainingSampleSize(), d.trainingWindow(), d.forestTrees(),
                d.forestMaxDepth(), d.forestMinLeaf(), d.crossValidationFolds(), d.trainingThreads(), d.anomalyTrees(),
                d.anomalySubsample(), d.anomalyCut(), d.samplesPerEndpointMinute(), d.maxSamples(), d.maxEndpoints(),
                d.minuteRetention(), d.anomalyRetention(), d.predictionRetention(), d.predictionMatchWindow(),
                d.livePredictionsPerMinute(), d.resourceMatchTolerance(), d.scoringInterval(), d.analysisWindow(),
                d.correlationThreshold(), d.errorRatePercent(), d.minRequests(), d.keepModels(), "Mars/Olympus"));
        assertTrue(interval.getMessage().startsWith("training-interval"), interval.getMessage());
    }

    /** The file shipped with the distribution binds, and says what the code's defaults say. */
    @Test
    void theShippedConfigFileHoldsTheDefaults() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("user.dir"))
                .resolve("../../config/plugins/optimizer.yaml").normalize();
        assertEquals(OptimizerConfig.DEFAULTS, new dev.vigil.kernel.config.YamlBinder()
                .bind(file, OptimizerConfig.class, OptimizerConfig.DEFAULTS));
        String text = java.nio.file.Files.readString(file);
        for (java.lang.reflect.RecordComponent component : OptimizerConfig.class.getRecordComponents()) {
            String key = component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            assertTrue(text.contains("\n" + key + ":"), "the shipped file sets " + key);
        }
    }

    @Test
    void predictBodiesAreCheckedFieldByField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.parse("2026-03-02T12:00:00Z");
        PredictionInput ok = PredictionInput.parse(json.readTree(
                "{\"service\":\"shop\",\"method\":\"get\",\"endpoint\":\"/orders\",\"query_count\":12,"
                        + "\"time\":\"2026-03-02T09:00:00Z\"}"), now);
        assertEquals("GET", ok.key().method());
        assertEquals(12, ok.row().queryCount(), 1e-9);
        assertTrue(Double.isNaN(ok.row().cpuPercent()));
        assertEquals(Instant.parse("2026-03-02T09:00:00Z"), ok.time());

        assertEquals("method: is required", message(json, "{\"service\":\"shop\",\"endpoint\":\"/a\"}"));
        assertTrue(message(json, "{\"service\":\"s\",\"method\":\"GET\",\"endpoint\":\"/a\",\"memory_percent\":-1}")
                           .startsWith("memory_percent:"));
        assertTrue(message(json, "{\"service\":\"s\",\"method\":\"GET\",\"endpoint\":\"/a\",\"time\":\"noon\"}")
                           .startsWith("time:"));
    }

    private static String message(ObjectMapper json, String body) throws Exception {
        return assertThrows(ApiException.class, () -> PredictionInput.parse(json.readTree(body), Instant.EPOCH))
                .getMessage();
    }
}
