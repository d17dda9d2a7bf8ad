package dev.vigil.plugins.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Metrics;

/**
 * The host and the Vigil process on {@code /metrics}, in base units (ratios 0-1, bytes, seconds). Gauges are read
 * at each scrape from the latest sample; the counters the OS and the JVM keep (network traffic, garbage
 * collections) follow their readings, so that {@code rate()} works on them.
 */
final class SystemMetrics {

    private final CumulativeCounter received;
    private final CumulativeCounter transmitted;
    private final CumulativeCounter receivedPackets;
    private final CumulativeCounter transmittedPackets;
    private final CumulativeCounter collections;
    private final CumulativeCounter collectionSeconds;

    SystemMetrics(Metrics metrics, Supplier<SamplingTask.Latest> latest) {
        Supplier<Sample> sample = () -> {
            SamplingTask.Latest now = latest.get();
            return now == null ? null : now.sample();
        };
        gauge(metrics, sample, "vigil_system_cpu_ratio", "Share of all cores busy (0-1) between the last two "
                + "samples.", s -> ratio(s.cpu().percent()));
        metrics.gaugeReadAtScrape("vigil_system_cpu_core_ratio", "Share of each logical core busy (0-1) between the "
                + "last two samples.", List.of("core"), sink -> {
                    Sample now = sample.get();
                    if (now != null) {
                        now.cpu().cores().forEach(core -> set(sink, ratio(core.percent()),
                                                              Integer.toString(core.core())));
                    }
                });
        gauge(metrics, sample, "vigil_system_load1", "Load average over 1 minute.", s -> s.cpu().load1m());
        gauge(metrics, sample, "vigil_system_load5", "Load average over 5 minutes.", s -> s.cpu().load5m());
        gauge(metrics, sample, "vigil_system_load15", "Load average over 15 minutes.", s -> s.cpu().load15m());
        gauge(metrics, sample, "vigil_system_memory_total_bytes", "Physical memory of the host.",
              s -> (double) s.memory().totalBytes());
        gauge(metrics, sample, "vigil_system_memory_used_bytes", "Physical memory in use (total less available).",
              s -> (double) s.memory().usedBytes());
        gauge(metrics, sample, "vigil_system_memory_available_bytes", "Physical memory available without swapping.",
              s -> (double) s.memory().availableBytes());
        gauge(metrics, sample, "vigil_system_swap_total_bytes", "Swap space of the host (0 without swap).",
              s -> (double) s.swap().totalBytes());
        gauge(metrics, sample, "vigil_system_swap_used_bytes", "Swap in use.", s -> (double) s.swap().usedBytes());
        metrics.gaugeReadAtScrape("vigil_system_disk_total_bytes", "Size of each counted file system.",
                                  List.of("mount"), sink -> disks(sample, sink, Sample.Disk::totalBytes));
        metrics.gaugeReadAtScrape("vigil_system_disk_used_bytes", "Bytes in use on each counted file system (its "
                + "size less all free blocks, those reserved for root included).", List.of("mount"),
                                  sink -> disks(sample, sink, Sample.Disk::usedBytes));
        metrics.gaugeReadAtScrape("vigil_system_disk_free_bytes", "Bytes an unprivileged writer can still use on "
                + "each counted file system.", List.of("mount"), sink -> disks(sample, sink, Sample.Disk::freeBytes));
        gauge(metrics, sample, "vigil_system_process_cpu_ratio", "CPU used by the Vigil process, as a share of all "
                + "cores (0-1), between the last two samples.", s -> ratio(s.process().cpuPercent()));
        gauge(metrics, sample, "vigil_system_process_resident_bytes", "Resident memory of the Vigil process.",
              s -> (double) s.process().residentBytes());
        gauge(metrics, sample, "vigil_system_process_threads", "Live Java platform threads of the Vigil process.",
              s -> (double) s.process().threads());
        gauge(metrics, sample, "vigil_system_process_open_files", "Open file descriptors of the Vigil process.",
              s -> s.process().openFiles() == null ? null : s.process().openFiles().doubleValue());
        gauge(metrics, sample, "vigil_system_heap_used_bytes", "Java heap in use.",
              s -> (double) s.process().heapUsedBytes());
        gauge(metrics, sample, "vigil_system_heap_max_bytes", "Largest Java heap the JVM may use.",
              s -> s.process().heapMaxBytes() < 0 ? null : (double) s.process().heapMaxBytes());

        received = new CumulativeCounter(metrics.counter("vigil_system_network_received_bytes_total",
                "Bytes received per network interface, as the OS counts them.", "interface"));
        transmitted = new CumulativeCounter(metrics.counter("vigil_system_network_transmitted_bytes_total",
                "Bytes sent per network interface, as the OS counts them.", "interface"));
        receivedPackets = new CumulativeCounter(metrics.counter("vigil_system_network_received_packets_total",
                "Packets received per network interface, as the OS counts them.", "interface"));
        transmittedPackets = new CumulativeCounter(metrics.counter("vigil_system_network_transmitted_packets_total",
                "Packets sent per network interface, as the OS counts them.", "interface"));
        collections = new CumulativeCounter(metrics.counter("vigil_system_gc_collections_total",
                "Garbage collections of the Vigil process per collector.", "collector"));
        collectionSeconds = new CumulativeCounter(metrics.counter("vigil_system_gc_collection_seconds_total",
                "Time the Vigil process spent in garbage collection per collector.", "collector"));
    }

    /** Brings the counters up to a new reading. */
    void read(Reading reading) {
        Map<String, Double> rx = new HashMap<>();
        Map<String, Double> tx = new HashMap<>();
        Map<String, Double> rxPackets = new HashMap<>();
        Map<String, Double> txPackets = new HashMap<>();
        for (Reading.NetCounters net : reading.network()) {
            rx.put(net.name(), (double) net.rxBytes());
            tx.put(net.name(), (double) net.txBytes());
            rxPackets.put(net.name(), (double) net.rxPackets());
            txPackets.put(net.name(), (double) net.txPackets());
        }
        received.follow(rx);
        transmitted.follow(tx);
        receivedPackets.follow(rxPackets);
        transmittedPackets.follow(txPackets);
        Map<String, Double> count = new HashMap<>();
        Map<String, Double> seconds = new HashMap<>();
        for (Reading.GcCounters gc : reading.process().collectors()) {
            count.put(gc.name(), (double) gc.count());
            seconds.put(gc.name(), gc.timeMs() / 1000.0);
        }
        collections.follow(count);
        collectionSeconds.follow(seconds);
    }

    private static void gauge(Metrics metrics, Supplier<Sample> sample, String name, String help,
                              Function<Sample, Double> value) {
        metrics.gaugeReadAtScrape(name, help, List.of(), sink -> {
            Sample now = sample.get();
            if (now != null) {
                set(sink, value.apply(now));
            }
        });
    }

    private static void disks(Supplier<Sample> sample, Metrics.GaugeSink sink, Function<Sample.Disk, Long> value) {
        Sample now = sample.get();
        if (now != null) {
            now.disks().forEach(disk -> set(sink, value.apply(disk).doubleValue(), disk.mount()));
        }
    }

    /** Unknown values (the first sample has no rates) are left out. */
    private static void set(Metrics.GaugeSink sink, Double value, String... labelValues) {
        if (value != null) {
            sink.set(value, labelValues);
        }
    }

    private static Double ratio(Double percent) {
        return percent == null ? null : percent / 100.0;
    }

    /**
     * A counter that follows a cumulative count kept elsewhere, one series per label value: it grows by what the
     * count grew since the last reading; by all of it at first sight, so that it equals the count, and after the
     * count was reset (an interface brought down and up). A series whose count is gone is dropped.
     */
    private static final class CumulativeCounter {
        private final Counter counter;
        private final Map<String, Double> last = new HashMap<>();

        CumulativeCounter(Counter counter) {
            this.counter = counter;
        }

        void follow(Map<String, Double> now) {
            now.forEach((label, value) -> {
                Double before = last.put(label, value);
                counter.inc(before == null || value < before ? value : value - before, label);
            });
            last.keySet().removeIf(label -> {
                if (!now.containsKey(label)) {
                    counter.remove(label);
                    return true;
                }
                return false;
            });
        }
    }
}
