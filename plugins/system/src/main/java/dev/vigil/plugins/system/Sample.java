package dev.vigil.plugins.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One sample of the host and of the Vigil process, as stored, published and shown. A rate is null when it cannot
 * be known yet: the first sample after start has no earlier counters to compare with, and a counter that went
 * backwards (an interface reset) gives no rate for that sample.
 */
record Sample(Instant time, Cpu cpu, Memory memory, Swap swap, List<Disk> disks, List<NetworkInterface> network,
              Process process) {

    /** CPU busy percentages and load averages (named as the metrics: snake case alone would say "load1m"). */
    record Cpu(Double percent, List<Core> cores, @JsonProperty("load_1m") Double load1m,
               @JsonProperty("load_5m") Double load5m, @JsonProperty("load_15m") Double load15m) {
    }

    /** One logical core. */
    record Core(int core, Double percent) {
    }

    /** Physical memory; used = total - available, as {@code free} shows it. */
    record Memory(long totalBytes, long usedBytes, long availableBytes, double percent) {
    }

    /** Swap; 0 % when the host has none. */
    record Swap(long totalBytes, long usedBytes, double percent) {
    }

    /**
     * One mounted file system. {@code freeBytes} is what an unprivileged writer can still use, {@code usedBytes}
     * what is in use (total less everything free, reserved blocks included), and {@code usedPercent} is
     * used / (used + free) as {@code df} computes it, so blocks reserved for root count neither as free nor as used.
     */
    record Disk(String mount, String type, String volume, long totalBytes, long freeBytes, long usedBytes,
                double usedPercent) {
    }

    /** One network interface's traffic rates. */
    record NetworkInterface(String name, Double rxBytesPerS, Double txBytesPerS, Double rxPacketsPerS,
                            Double txPacketsPerS) {
    }

    /** The Vigil process itself. */
    record Process(long pid, Double cpuPercent, long residentBytes, long heapUsedBytes, long heapMaxBytes,
                   Double heapPercent, int threads, long gcCount, long gcTimeMs, Long openFiles) {
    }

    /** One stored and published value. {@code label} is empty for unlabelled metrics. */
    record Point(Metric metric, String label, double value) {
    }

    /** Every known value of this sample; unknown ones (null) are left out rather than stored as zero. */
    List<Point> points() {
        List<Point> points = new ArrayList<>();
        add(points, Metric.CPU_PERCENT, "", cpu.percent());
        cpu.cores().forEach(core -> add(points, Metric.CPU_CORE_PERCENT, Integer.toString(core.core()),
                                        core.percent()));
        add(points, Metric.LOAD_1M, "", cpu.load1m());
        add(points, Metric.LOAD_5M, "", cpu.load5m());
        add(points, Metric.LOAD_15M, "", cpu.load15m());
        add(points, Metric.MEMORY_PERCENT, "", memory.percent());
        add(points, Metric.MEMORY_USED_BYTES, "", (double) memory.usedBytes());
        add(points, Metric.MEMORY_AVAILABLE_BYTES, "", (double) memory.availableBytes());
        add(points, Metric.SWAP_PERCENT, "", swap.percent());
        add(points, Metric.SWAP_USED_BYTES, "", (double) swap.usedBytes());
        for (Disk disk : disks) {
            add(points, Metric.DISK_PERCENT, disk.mount(), disk.usedPercent());
            add(points, Metric.DISK_FREE_BYTES, disk.mount(), (double) disk.freeBytes());
        }
        for (NetworkInterface net : network) {
            add(points, Metric.NET_RX_BYTES_PER_S, net.name(), net.rxBytesPerS());
            add(points, Metric.NET_TX_BYTES_PER_S, net.name(), net.txBytesPerS());
            add(points, Metric.NET_RX_PACKETS_PER_S, net.name(), net.rxPacketsPerS());
            add(points, Metric.NET_TX_PACKETS_PER_S, net.name(), net.txPacketsPerS());
        }
        add(points, Metric.PROCESS_CPU_PERCENT, "", process.cpuPercent());
        add(points, Metric.PROCESS_RESIDENT_BYTES, "", (double) process.residentBytes());
        add(points, Metric.HEAP_USED_BYTES, "", (double) process.heapUsedBytes());
        add(points, Metric.HEAP_MAX_BYTES, "", process.heapMaxBytes() < 0 ? null : (double) process.heapMaxBytes());
        add(points, Metric.HEAP_PERCENT, "", process.heapPercent());
        add(points, Metric.THREADS, "", (double) process.threads());
        add(points, Metric.GC_COUNT, "", (double) process.gcCount());
        add(points, Metric.GC_TIME_MS, "", (double) process.gcTimeMs());
        add(points, Metric.OPEN_FILES, "", process.openFiles() == null ? null : process.openFiles().doubleValue());
        return points;
    }

    private static void add(List<Point> points, Metric metric, String label, Double value) {
        if (value != null && Double.isFinite(value)) {
            points.add(new Point(metric, label, value));
        }
    }
}
