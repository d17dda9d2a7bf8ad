package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HealthEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(60);

    private static Sample sample(Double cpu, double memory, double... disks) {
        List<Sample.Disk> mounts = new java.util.ArrayList<>();
        for (int i = 0; i < disks.length; i++) {
            mounts.add(new Sample.Disk(i == 0 ? "/" : "/data" + i, "ext4", "/dev/vd" + i, 100, 10, 90, disks[i]));
        }
        return new Sample(NOW, new Sample.Cpu(cpu, List.of(), 0.1, 0.1, 0.1),
                          new Sample.Memory(100, (long) memory, 100 - (long) memory, memory),
                          new Sample.Swap(0, 0, 0), mounts, List.of(),
                          new Sample.Process(1, 1.0, 1, 1, 2, 50.0, 1, 0, 0, 1L));
    }

    private static Health evaluate(Sample sample) {
        return HealthEvaluator.evaluate(sample, SystemConfig.Thresholds.DEFAULTS, NOW, STALE);
    }

    @Test
    void belowEveryThresholdIsHealthyWithTheFiguresInTheSummary() {
        Health health = evaluate(sample(12.0, 40, 23));
        assertEquals(Health.Level.HEALTHY, health.level());
        assertTrue(health.reasons().isEmpty());
        assertEquals("healthy: cpu 12.0 %, memory 40.0 %, fullest disk / 23.0 %", health.summary());
    }

    @Test
    void theWorstFigureDecidesAndEveryFigureOverAThresholdIsAReason() {
        Health health = evaluate(sample(75.0, 95, 50, 81));
        assertEquals(Health.Level.CRITICAL, health.level());
        assertEquals(3, health.reasons().size());
        Health.Reason first = health.reasons().getFirst();
        assertEquals("memory_percent", first.metric());
        assertEquals(Health.Level.CRITICAL, first.level());
        assertEquals(90.0, first.threshold());
        // Then the warnings, highest first: disk /data1 at 81 %, cpu at 75 %.
        assertEquals(Map.of("mount", "/data1"), health.reasons().get(1).labels());
        assertEquals(Health.Level.WARNING, health.reasons().get(1).level());
        assertEquals("cpu_percent", health.reasons().get(2).metric());
        assertTrue(health.summary().startsWith("critical: memory at 95.0 % (critical at 90.0 %)"), health.summary());
    }

    @Test
    void aValueAtTheThresholdCounts() {
        assertEquals(Health.Level.WARNING, evaluate(sample(70.0, 10)).level());
        assertEquals(Health.Level.CRITICAL, evaluate(sample(10.0, 10, 95)).level());
    }

    @Test
    void lowerThresholdsChangeTheLevelOfTheSameSample() {
        Sample sample = sample(20.0, 30, 40);
        assertEquals(Health.Level.HEALTHY, evaluate(sample).level());
        SystemConfig.Thresholds strict = new SystemConfig.Thresholds(new SystemConfig.Limits(10, 15), null, null);
        Health health = HealthEvaluator.evaluate(sample, strict, NOW, STALE);
        assertEquals(Health.Level.CRITICAL, health.level());
        assertEquals("cpu_percent", health.reasons().getFirst().metric());
    }

    @Test
    void withoutACpuRateTheCpuIsNotJudgedAndANoteSaysWhy() {
        Health health = evaluate(sample(null, 30, 40));
        assertEquals(Health.Level.HEALTHY, health.level());
        assertTrue(health.notes().getFirst().startsWith("cpu_percent: not known yet"), health.notes().toString());
        assertEquals("healthy: memory 30.0 %, fullest disk / 40.0 %", health.summary());
    }

    @Test
    void noSampleOrAStaleSampleIsUnknown() {
        assertEquals(Health.Level.UNKNOWN, evaluate(null).level());
        Health stale = HealthEvaluator.evaluate(sample(99.0, 99), SystemConfig.Thresholds.DEFAULTS,
                                                NOW.plusSeconds(61), STALE);
        assertEquals(Health.Level.UNKNOWN, stale.level());
        assertTrue(stale.notes().getFirst().contains("sampling has stalled"), stale.notes().toString());
    }
}
