package dev.vigil.plugins.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Judges a sample against the configured thresholds. Pure: no clock, no I/O. */
final class HealthEvaluator {

    private HealthEvaluator() {
    }

    /**
     * The health of {@code sample} at {@code now}.
     *
     * @param sample   the latest sample, or null when none was taken yet
     * @param staleAfter a sample older than this means sampling has stalled: the level is then unknown
     */
    static Health evaluate(Sample sample, SystemConfig.Thresholds thresholds, Instant now, Duration staleAfter) {
        if (sample == null) {
            return new Health(Health.Level.UNKNOWN, "unknown: no sample yet", List.of(),
                              List.of("no sample has been taken since the plugin started"));
        }
        Duration age = Duration.between(sample.time(), now);
        if (age.compareTo(staleAfter) > 0) {
            return new Health(Health.Level.UNKNOWN, "unknown: the last sample is " + age.toSeconds()
                    + " s old", List.of(), List.of("no sample for " + age.toSeconds() + " s (expected one at least "
                    + "every " + staleAfter.toSeconds() + " s): sampling has stalled; see the task in "
                    + "/api/v1/admin/plugins/system"));
        }
        List<Health.Reason> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (sample.cpu().percent() == null) {
            notes.add("cpu_percent: not known yet: CPU use is measured between two samples, so it appears with the "
                              + "next sample");
        } else {
            check(reasons, "cpu_percent", Map.of(), "cpu", sample.cpu().percent(), thresholds.cpuPercent());
        }
        check(reasons, "memory_percent", Map.of(), "memory", sample.memory().percent(), thresholds.memoryPercent());
        for (Sample.Disk disk : sample.disks()) {
            check(reasons, "disk_percent", Map.of("mount", disk.mount()), "disk " + disk.mount(), disk.usedPercent(),
                  thresholds.diskPercent());
        }
        reasons.sort(Comparator.comparing(Health.Reason::level).reversed()
                             .thenComparing(Comparator.comparingDouble(Health.Reason::value).reversed()));
        Health.Level level = reasons.isEmpty() ? Health.Level.HEALTHY : reasons.getFirst().level();
        String summary = level == Health.Level.HEALTHY ? "healthy: " + figures(sample)
                : level.word() + ": " + String.join("; ", reasons.stream().map(Health.Reason::message).toList());
        return new Health(level, summary, reasons, notes);
    }

    private static void check(List<Health.Reason> reasons, String metric, Map<String, String> labels, String what,
                              double value, SystemConfig.Limits limits) {
        Health.Level level;
        double threshold;
        if (value >= limits.critical()) {
            level = Health.Level.CRITICAL;
            threshold = limits.critical();
        } else if (value >= limits.warning()) {
            level = Health.Level.WARNING;
            threshold = limits.warning();
        } else {
            return;
        }
        reasons.add(new Health.Reason(metric, labels, value, level, threshold,
                                      what + " at " + format(value) + " % (" + level.word() + " at "
                                              + format(threshold) + " %)"));
    }

    private static String figures(Sample sample) {
        StringBuilder text = new StringBuilder();
        if (sample.cpu().percent() != null) {
            text.append("cpu ").append(format(sample.cpu().percent())).append(" %, ");
        }
        text.append("memory ").append(format(sample.memory().percent())).append(" %");
        sample.disks().stream().max(Comparator.comparingDouble(Sample.Disk::usedPercent)).ifPresent(
                disk -> text.append(", fullest disk ").append(disk.mount()).append(' ')
                        .append(format(disk.usedPercent())).append(" %"));
        return text.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
