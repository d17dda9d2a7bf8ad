package dev.vigil.plugins.system;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.vigil.api.SignalCatalog;

/**
 * Every figure a sample stores and publishes. The key names the stored series and the {@code metric} query
 * parameter; the signal name is {@code system.<key>}, the shared ones being those of {@link SignalCatalog}.
 * A labelled metric has one series per core, mount point or network interface.
 */
enum Metric {
    CPU_PERCENT(SignalCatalog.SYSTEM_CPU_PERCENT, null, "percent of all cores busy"),
    CPU_CORE_PERCENT(SignalCatalog.SYSTEM_CPU_CORE_PERCENT, "core", "percent busy, per logical core"),
    LOAD_1M(SignalCatalog.SYSTEM_LOAD_1M, null, "load average over 1 minute"),
    LOAD_5M("system.load_5m", null, "load average over 5 minutes"),
    LOAD_15M("system.load_15m", null, "load average over 15 minutes"),
    MEMORY_PERCENT(SignalCatalog.SYSTEM_MEMORY_PERCENT, null, "percent of physical memory in use"),
    MEMORY_USED_BYTES("system.memory_used_bytes", null, "physical memory in use (total - available)"),
    MEMORY_AVAILABLE_BYTES("system.memory_available_bytes", null, "physical memory available without swapping"),
    SWAP_PERCENT(SignalCatalog.SYSTEM_SWAP_PERCENT, null, "percent of swap in use (0 without swap)"),
    SWAP_USED_BYTES("system.swap_used_bytes", null, "swap in use"),
    DISK_PERCENT(SignalCatalog.SYSTEM_DISK_PERCENT, "mount", "percent of the file system in use, as df shows it"),
    DISK_FREE_BYTES("system.disk_free_bytes", "mount", "bytes an unprivileged writer can still use"),
    NET_RX_BYTES_PER_S(SignalCatalog.SYSTEM_NET_RX_BYTES_PER_S, "interface", "bytes received per second"),
    NET_TX_BYTES_PER_S(SignalCatalog.SYSTEM_NET_TX_BYTES_PER_S, "interface", "bytes sent per second"),
    NET_RX_PACKETS_PER_S("system.net_rx_packets_per_s", "interface", "packets received per second"),
    NET_TX_PACKETS_PER_S("system.net_tx_packets_per_s", "interface", "packets sent per second"),
    PROCESS_CPU_PERCENT(SignalCatalog.SYSTEM_PROCESS_CPU_PERCENT, null,
                        "CPU used by the Vigil process, in percent of all cores"),
    PROCESS_RESIDENT_BYTES("system.process_resident_bytes", null, "resident memory of the Vigil process"),
    HEAP_USED_BYTES("system.heap_used_bytes", null, "Java heap in use"),
    HEAP_MAX_BYTES("system.heap_max_bytes", null, "largest Java heap the JVM may use"),
    HEAP_PERCENT(SignalCatalog.SYSTEM_HEAP_PERCENT, null, "heap used in percent of the maximum"),
    THREADS("system.threads", null, "live Java platform threads of the Vigil process"),
    GC_COUNT("system.gc_count", null, "garbage collections since the JVM started"),
    GC_TIME_MS("system.gc_time_ms", null, "time spent in garbage collection since the JVM started"),
    OPEN_FILES("system.open_files", null, "open file descriptors of the Vigil process");

    private final String signal;
    private final String label;
    private final String description;

    Metric(String signal, String label, String description) {
        this.signal = signal;
        this.label = label;
        this.description = description;
    }

    /** The stored and queried name, e.g. {@code cpu_percent}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    String signal() {
        return signal;
    }

    /** The label that tells this metric's series apart ({@code core}, {@code mount}, {@code interface}), or null. */
    String label() {
        return label;
    }

    String description() {
        return description;
    }

    /** Accepts the key ({@code cpu_percent}) or the signal name ({@code system.cpu_percent}). */
    static Optional<Metric> find(String name) {
        String key = name.startsWith("system.") ? name.substring("system.".length()) : name;
        return Arrays.stream(values()).filter(metric -> metric.key().equals(key)).findFirst();
    }

    static List<String> keys() {
        return Arrays.stream(values()).map(Metric::key).toList();
    }
}
