package dev.vigil.plugins.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import oshi.spi.SystemInfoProvider;

/**
 * Reads the host and the Vigil process through OSHI. Each read takes the counters as they are now; rates are
 * computed later from two reads ({@link RateCalculator}), so a read never sleeps.
 *
 * <p>OSHI's JNA implementation is preferred. If JNA cannot load its native library here (native access refused, an
 * unusual platform), OSHI's native-free Linux implementation, which reads {@code /proc} and {@code /sys}, is used
 * instead; {@link #provider()} says which one runs.
 */
final class HostProbe {

    private final SystemInfoProvider oshi;
    private final String provider;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final int pid = (int) ProcessHandle.current().pid();
    private OSProcess process;

    private HostProbe(SystemInfoProvider oshi, String provider) {
        this.oshi = oshi;
        this.provider = provider;
        this.hardware = oshi.getHardware();
        this.os = oshi.getOperatingSystem();
    }

    /** Opens OSHI, proving it can read, and falls back to the native-free provider when JNA cannot load. */
    static HostProbe open(System.Logger log) {
        try {
            HostProbe jna = new HostProbe(new oshi.SystemInfo(), "oshi-jna");
            jna.read(Instant.EPOCH, new DiskFilter(List.of()));
            return jna;
        } catch (LinkageError | UnsupportedOperationException | IllegalCallerException e) {
            log.log(System.Logger.Level.WARNING, "OSHI's JNA implementation cannot run here ({0}); using its "
                    + "native-free implementation", e.toString());
            HostProbe nativeFree = nativeFree();
            nativeFree.read(Instant.EPOCH, new DiskFilter(List.of()));
            return nativeFree;
        }
    }

    /** OSHI's implementation without native code (Linux and NetBSD only). */
    static HostProbe nativeFree() {
        return new HostProbe(new oshi.nativefree.SystemInfo(), "oshi-native-free");
    }

    String provider() {
        return provider;
    }

    SystemInfoProvider oshi() {
        return oshi;
    }

    /** The current counters and values; {@code disks} decides which file systems count. */
    Reading read(Instant time, DiskFilter disks) {
        CentralProcessor cpu = hardware.getProcessor();
        GlobalMemory memory = hardware.getMemory();
        long nanos = System.nanoTime();
        long[] ticks = cpu.getSystemCpuLoadTicks();
        long[][] coreTicks = cpu.getProcessorCpuLoadTicks();
        double[] load = cpu.getSystemLoadAverage(3);
        return new Reading(time, nanos, ticks, coreTicks, load, memory.getTotal(), memory.getAvailable(),
                           memory.getVirtualMemory().getSwapTotal(), memory.getVirtualMemory().getSwapUsed(),
                           disks.disks(stores()), network(), process());
    }

    private List<DiskFilter.Store> stores() {
        List<DiskFilter.Store> stores = new ArrayList<>();
        for (OSFileStore store : os.getFileSystem().getFileStores(true)) {
            stores.add(new DiskFilter.Store(Objects.toString(store.getMount(), ""),
                                            Objects.toString(store.getType(), ""),
                                            Objects.toString(store.getVolume(), ""),
                                            store.getTotalSpace(), store.getUsableSpace(), store.getFreeSpace(),
                                            isDirectory(store.getMount())));
        }
        return stores;
    }

    private static boolean isDirectory(String mount) {
        try {
            return Files.isDirectory(Path.of(mount));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The interfaces the JVM lists that have a hardware address (OSHI's "non-local" ones): loopback and tunnels
     * without one are left out.
     */
    private List<Reading.NetCounters> network() {
        List<Reading.NetCounters> counters = new ArrayList<>();
        for (NetworkIF net : hardware.getNetworkIFs(false)) {
            counters.add(new Reading.NetCounters(net.getName(), net.getBytesRecv(), net.getBytesSent(),
                                                 net.getPacketsRecv(), net.getPacketsSent()));
        }
        return counters;
    }

    private Reading.ProcessCounters process() {
        if (process == null || !process.updateAttributes()) {
            process = os.getProcess(pid);
        }
        long cpuTimeMs = process == null ? -1 : process.getUserTime() + process.getKernelTime();
        long resident = process == null ? 0 : process.getResidentMemory();
        long openFiles = process == null ? -1 : process.getOpenFiles();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long gcCount = 0;
        long gcTimeMs = 0;
        List<Reading.GcCounters> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // -1 where a collector does not say.
            long count = Math.max(0, gc.getCollectionCount());
            long timeMs = Math.max(0, gc.getCollectionTime());
            gcCount += count;
            gcTimeMs += timeMs;
            collectors.add(new Reading.GcCounters(gc.getName(), count, timeMs));
        }
        return new Reading.ProcessCounters(pid, cpuTimeMs, resident, openFiles < 0 ? null : openFiles,
                                           ManagementFactory.getThreadMXBean().getThreadCount(), heap.getUsed(),
                                           heap.getMax(), gcCount, gcTimeMs, List.copyOf(collectors));
    }
}
