package dev.vigil.plugins.system;

import java.time.Instant;
import java.util.List;

/**
 * What the host says at one moment, before any rate is computed: cumulative counters (CPU ticks, network bytes,
 * process CPU time) exactly as the operating system keeps them, and the instantaneous values.
 *
 * @param nanos        {@link System#nanoTime()} at the reading: rates use this monotonic time, never the wall clock
 * @param cpuTicks     all cores' ticks by OSHI tick type (user, nice, system, idle, iowait, irq, softirq, steal)
 * @param coreTicks    the same per logical core
 * @param loadAverage  1, 5 and 15 minute load averages; negative where the OS has none
 */
record Reading(Instant time, long nanos, long[] cpuTicks, long[][] coreTicks, double[] loadAverage,
               long memoryTotalBytes, long memoryAvailableBytes, long swapTotalBytes, long swapUsedBytes,
               List<Sample.Disk> disks, List<NetCounters> network, ProcessCounters process) {

    /** One network interface's cumulative counters. */
    record NetCounters(String name, long rxBytes, long txBytes, long rxPackets, long txPackets) {
    }

    /**
     * The Vigil process.
     *
     * @param cpuTimeMs  user plus kernel CPU time since the process started; -1 when it could not be read
     * @param openFiles  null when the OS does not say
     * @param gcCount    collections of all collectors since the JVM started ({@code gcTimeMs} likewise)
     * @param collectors the same per garbage collector
     */
    record ProcessCounters(long pid, long cpuTimeMs, long residentBytes, Long openFiles, int threads,
                           long heapUsedBytes, long heapMaxBytes, long gcCount, long gcTimeMs,
                           List<GcCounters> collectors) {
    }

    /** One garbage collector's collections and time since the JVM started. */
    record GcCounters(String name, long count, long timeMs) {
    }
}
