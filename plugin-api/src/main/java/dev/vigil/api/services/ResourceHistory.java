package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;

/** Host resource samples the system plugin offers to others (the optimizer joins them to requests). */
public interface ResourceHistory {

    /** Samples with {@code from <= time < to}, oldest first. */
    List<ResourceSample> samples(Instant from, Instant to);

    /** One sample of the host. */
    record ResourceSample(Instant time, double cpuPercent, double memoryPercent, double load1m) {
    }
}
