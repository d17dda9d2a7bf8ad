package dev.vigil.plugins.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The training pipeline on a generated history whose structure is known. */
class ModelTrainerTest {

    static SyntheticHistory.History history;
    static ModelTrainer.Output output;

    @BeforeAll
    static void train() throws Exception {
        history = SyntheticHistory.generate(Instant.parse("2026-03-02T12:00:00Z"), 240, 3, 7);
        output = ModelTrainer.train(input(history, true), settings(), TrainingSteps.SILENT);
    }

    static ModelTrainer.Settings settings() {
        return new ModelTrainer.Settings(new ResponseTimeTrainer.Settings(50, 12, 5, 5, 1, 1), 100, 256, 200,
                                         ZoneOffset.UTC);
    }

    static ModelTrainer.Input input(SyntheticHistory.History history, boolean withResources) {
        List<RequestSample> samples = history.events().stream().map(RequestSample::of).toList();
        List<MinuteRow> minutes = RequestFigures.totals(history.events()).rows();
        ResourceTimeline resources = withResources ? new ResourceTimeline(
                ResourceTimeline.Source.RESOURCE_HISTORY,
                history.resources().stream().map(r -> new ResourceTimeline.Reading(
                        r.time().toEpochMilli(), r.cpuPercent(), r.memoryPercent())).toList(), 120_000)
                : ResourceTimeline.EMPTY;
        return new ModelTrainer.Input(samples, minutes, minutes, resources, Concurrency.from(minutes));
    }

    /**
     * The bound: within 0.05 of what a perfect model reaches on this history (the forest's piecewise-constant fit
     * on a few thousand rows costs a little), and well above a model that knows only the endpoint.
     */
    @Test
    void theForestLearnsTheStructure() {
        ResponseTimeTrainer.Metrics metrics = output.responseTime().metrics();
        double best = SyntheticHistory.bestPossibleCorrelation(history);
        double endpointOnly = SyntheticHistory.endpointOnlyCorrelation(history);
        assertTrue(metrics.correlation() >= best - 0.05, metrics + " against a best possible " + best);
        assertTrue(metrics.correlation() >= endpointOnly + 0.1, metrics + " against endpoint only " + endpointOnly);
        assertTrue(metrics.maeMs() < metrics.baselineMaeMs() / 3, metrics.toString());
        List<String> top = output.responseTime().importance().stream().limit(5)
                .map(ResponseTimeTrainer.FeatureImportance::feature).toList();
        assertTrue(top.contains("query_count") || top.contains("query_time_ms"), top.toString());
        assertTrue(top.contains("cpu_percent"), top.toString());
    }

    /** Fold forests of large samples learn from bags of at most CV_DRAWS_PER_TREE draws; small ones from full bags. */
    @Test
    void crossValidationBagsAreCappedOnlyForLargeFolds() {
        int cap = ResponseTimeTrainer.CV_DRAWS_PER_TREE;
        assertEquals(100, ResponseTimeTrainer.bagSizePercent(cap / 2, cap));
        assertEquals(100, ResponseTimeTrainer.bagSizePercent(cap, cap));
        assertEquals(50, ResponseTimeTrainer.bagSizePercent(2 * cap, cap));
        assertEquals(25, ResponseTimeTrainer.bagSizePercent(4 * cap, cap));
        assertEquals(1, ResponseTimeTrainer.bagSizePercent(1000 * cap, cap));
    }

    @Test
    void withoutResourceReadingsTrainsWithoutCpuAndSaysSo() throws Exception {
        ModelTrainer.Output withoutCpu = ModelTrainer.train(input(history, false), settings(), TrainingSteps.SILENT);
        assertTrue(withoutCpu.header().attribute(RequestFeatures.CPU_PERCENT) == null);
        assertTrue(withoutCpu.notes().stream().anyMatch(n -> n.contains("without cpu_percent")),
                   withoutCpu.notes().toString());
    }

    @Test
    void injectedMinutesScoreHighestAndPassTheDefaultCut() {
        assertInjectedScoreHighest(history, output);
    }

    /** Other histories (other noise, other CPU paths): the ranking is not luck of one seed. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {11, 23})
    void injectedMinutesScoreHighestOnOtherHistories(long seed) throws Exception {
        SyntheticHistory.History other = SyntheticHistory.generate(Instant.parse("2026-03-02T12:00:00Z"), 240, 3, seed);
        assertInjectedScoreHighest(other, ModelTrainer.train(input(other, true), settings(), TrainingSteps.SILENT));
    }

    static void assertInjectedScoreHighest(SyntheticHistory.History history, ModelTrainer.Output output) {
        Set<String> injected = history.anomalies().stream()
                .map(a -> a.minuteAt() + " " + a.method() + " " + a.endpoint()).collect(Collectors.toSet());
        List<ModelTrainer.ScoredMinute> top = output.scored().subList(0, injected.size());
        assertEquals(injected, top.stream().map(s -> s.row().minuteAt() + " " + s.row().key().route())
                .collect(Collectors.toSet()));
        for (ModelTrainer.ScoredMinute scored : top) {
            assertTrue(scored.score().combined() >= OptimizerConfig.DEFAULTS.anomalyCut(), scored.toString());
        }
    }
}
