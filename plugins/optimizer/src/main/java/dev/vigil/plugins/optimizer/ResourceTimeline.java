package dev.vigil.plugins.optimizer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Host CPU and memory over time, answering "what were they when this request ran" with the nearest reading within
 * a tolerance. Built from the ResourceHistory service when a plugin offers it, else from the system signals the
 * optimizer recorded itself.
 */
final class ResourceTimeline {

    /** Where the readings came from; shown in a model's metadata. */
    enum Source { RESOURCE_HISTORY, SYSTEM_SIGNALS, NONE }

    /** One reading; NaN when that figure is unknown. */
    record Reading(long time, double cpuPercent, double memoryPercent) {
    }

    static final ResourceTimeline EMPTY = new ResourceTimeline(Source.NONE, List.of(), 0);

    private final Source source;
    private final long[] times;
    private final double[] cpu;
    private final double[] memory;
    private final long toleranceMs;

    ResourceTimeline(Source source, List<Reading> readings, long toleranceMs) {
        Reading[] sorted = readings.toArray(Reading[]::new);
        Arrays.sort(sorted, Comparator.comparingLong(Reading::time));
        this.source = sorted.length == 0 ? Source.NONE : source;
        this.times = new long[sorted.length];
        this.cpu = new double[sorted.length];
        this.memory = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            times[i] = sorted[i].time();
            cpu[i] = sorted[i].cpuPercent();
            memory[i] = sorted[i].memoryPercent();
        }
        this.toleranceMs = toleranceMs;
    }

    Source source() {
        return source;
    }

    int size() {
        return times.length;
    }

    double cpuAt(long time) {
        int at = nearest(time);
        return at < 0 ? Double.NaN : cpu[at];
    }

    double memoryAt(long time) {
        int at = nearest(time);
        return at < 0 ? Double.NaN : memory[at];
    }

    /** Index of the reading closest to {@code time}, or -1 when none is within the tolerance. */
    private int nearest(long time) {
        if (times.length == 0) {
            return -1;
        }
        int at = Arrays.binarySearch(times, time);
        if (at >= 0) {
            return at;
        }
        int after = -at - 1;
        int best = -1;
        long bestGap = Long.MAX_VALUE;
        for (int candidate : new int[] {after - 1, after}) {
            if (candidate >= 0 && candidate < times.length) {
                long gap = Math.abs(times[candidate] - time);
                if (gap < bestGap) {
                    best = candidate;
                    bestGap = gap;
                }
            }
        }
        return bestGap <= toleranceMs ? best : -1;
    }
}
