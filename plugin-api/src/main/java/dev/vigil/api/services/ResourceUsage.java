package dev.vigil.api.services;

import java.time.Instant;
import java.util.Map;

/**
 * This host's CPU, memory and disk use over a window, offered by the system plugin while it runs (reports sum it
 * up). Look it up at each use.
 */
public interface ResourceUsage {

    /** Min, average and max of the samples taken in {@code [from, to)}. */
    UsageWindow usage(Instant from, Instant to);

    /**
     * @param samples       CPU samples in the window
     * @param cpuPercent    null without samples
     * @param memoryPercent null without samples
     * @param diskPercent   per mount point (used space in percent, as df shows it)
     */
    record UsageWindow(String host, long samples, Spread cpuPercent, Spread memoryPercent,
                       Map<String, Spread> diskPercent) {
    }

    /** Min, average and max of a value's samples. */
    record Spread(double min, double avg, double max, long samples) {
    }
}
