package dev.vigil.plugins.system;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.Instant;

import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.software.os.OperatingSystem;
import oshi.spi.SystemInfoProvider;

/** Facts about the host and the JVM that do not change while the server runs, read once at start. */
record HostInfo(String hostName, Os os, Cpu cpu, Memory memory, Jvm jvm, String oshiProvider) {

    /** The operating system. */
    record Os(String family, String manufacturer, String version, String codeName, String build, int bitness,
              Instant bootTime) {
    }

    /** The processor; frequencies are null when the OS does not say. */
    record Cpu(String model, String vendor, String identifier, String microarchitecture, int logicalCores,
               int physicalCores, int packages, Long maxFrequencyHz) {
    }

    /** Installed memory and swap. */
    record Memory(long totalBytes, long swapTotalBytes, long pageSizeBytes) {
    }

    /** The JVM running Vigil. */
    record Jvm(String version, String vendor, String vmName, long pid, long heapMaxBytes, int availableProcessors,
               Instant startedAt) {
    }

    static HostInfo read(HostProbe probe) {
        SystemInfoProvider oshi = probe.oshi();
        HardwareAbstractionLayer hardware = oshi.getHardware();
        OperatingSystem os = oshi.getOperatingSystem();
        CentralProcessor processor = hardware.getProcessor();
        CentralProcessor.ProcessorIdentifier id = processor.getProcessorIdentifier();
        OperatingSystem.OSVersionInfo version = os.getVersionInfo();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        long maxFrequency = processor.getMaxFreq();
        return new HostInfo(
                detectHostName(os),
                new Os(os.getFamily(), os.getManufacturer(), version.getVersion(), version.getCodeName(),
                       version.getBuildNumber(), os.getBitness(), Instant.ofEpochSecond(os.getSystemBootTime())),
                new Cpu(id.getName().trim(), id.getVendor(), id.getIdentifier(), id.getMicroarchitecture(),
                        processor.getLogicalProcessorCount(), processor.getPhysicalProcessorCount(),
                        processor.getPhysicalPackageCount(), maxFrequency > 0 ? maxFrequency : null),
                new Memory(hardware.getMemory().getTotal(), hardware.getMemory().getVirtualMemory().getSwapTotal(),
                           hardware.getMemory().getPageSize()),
                new Jvm(Runtime.version().toString(), System.getProperty("java.vendor"), runtime.getVmName(),
                        runtime.getPid(), Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors(),
                        Instant.ofEpochMilli(runtime.getStartTime())),
                probe.provider());
    }

    private static String detectHostName(OperatingSystem os) {
        try {
            String name = os.getNetworkParams().getHostName();
            return name == null || name.isBlank() ? "localhost" : name.trim();
        } catch (RuntimeException | LinkageError e) {
            return "localhost";
        }
    }
}
