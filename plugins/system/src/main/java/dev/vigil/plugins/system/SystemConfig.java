package dev.vigil.plugins.system;

import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code config/plugins/system.yaml}. Every edit is applied live: the next sample uses the new interval, ignore
 * rules and host name; health is judged against the new thresholds at once.
 *
 * @param interval     time between two samples
 * @param retention    samples older than this are deleted
 * @param hostName     the host name stored with each sample (nodes sharing a PostgreSQL database keep their
 *                     histories apart by it); empty means this machine's host name
 * @param ignoreMounts glob patterns of mount points left out of the disk figures, on top of the built-in rule
 * @param thresholds   the levels at which a resource makes the health word warning or critical
 */
public record SystemConfig(Duration interval, Duration retention, String hostName, List<String> ignoreMounts,
                           Thresholds thresholds) {

    static final SystemConfig DEFAULTS = new SystemConfig(Duration.ofSeconds(10), Duration.ofDays(7), "", List.of(),
                                                          Thresholds.DEFAULTS);

    public SystemConfig {
        Objects.requireNonNull(interval, "interval is required");
        Objects.requireNonNull(retention, "retention is required");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be between 1s and 1h, got " + interval);
        }
        if (retention.compareTo(Duration.ofHours(1)) < 0 || retention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("retention must be between 1h and 3650d, got " + retention);
        }
        hostName = hostName == null ? "" : hostName.trim();
        if (hostName.length() > 200) {
            throw new IllegalArgumentException("host-name must be at most 200 characters");
        }
        ignoreMounts = ignoreMounts == null ? List.of() : List.copyOf(ignoreMounts);
        for (int i = 0; i < ignoreMounts.size(); i++) {
            String pattern = ignoreMounts.get(i);
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("ignore-mounts[" + i + "] is not a glob pattern: " + pattern);
            }
        }
        thresholds = thresholds == null ? Thresholds.DEFAULTS : thresholds;
    }

    /** Warning and critical levels, in percent, per resource. */
    public record Thresholds(Limits cpuPercent, Limits memoryPercent, Limits diskPercent) {

        static final Thresholds DEFAULTS = new Thresholds(new Limits(70, 90), new Limits(70, 90), new Limits(80, 95));

        public Thresholds {
            cpuPercent = cpuPercent == null ? DEFAULTS.cpuPercent : cpuPercent;
            memoryPercent = memoryPercent == null ? DEFAULTS.memoryPercent : memoryPercent;
            diskPercent = diskPercent == null ? DEFAULTS.diskPercent : diskPercent;
        }
    }

    /** A value at or above {@code warning} is a warning, at or above {@code critical} is critical. */
    public record Limits(double warning, double critical) {

        public Limits {
            if (!(warning >= 0 && warning <= 100) || !(critical >= 0 && critical <= 100)) {
                throw new IllegalArgumentException("warning and critical are percentages from 0 to 100, got "
                                                           + warning + " and " + critical);
            }
            if (warning > critical) {
                throw new IllegalArgumentException("warning (" + warning + ") must not be above critical ("
                                                           + critical + ")");
            }
        }
    }
}
