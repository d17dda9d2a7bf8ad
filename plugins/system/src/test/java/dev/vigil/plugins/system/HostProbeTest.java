package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** This machine, read through OSHI for real: every figure within its physical range. */
class HostProbeTest {

    private static HostProbe probe;

    @BeforeAll
    static void open() {
        probe = HostProbe.open(System.getLogger("test"));
    }

    @Test
    void aSampleOfThisMachineIsWithinPhysicalRanges() throws Exception {
        DiskFilter disks = new DiskFilter(List.of());
        Reading first = probe.read(Instant.now(), disks);
        busyWork(500); // longer than OSHI's 300 ms cache of tick readings
        Sample sample = RateCalculator.sample(first, probe.read(Instant.now(), disks));

        assertTrue(sample.cpu().cores().size() >= 1);
        assertEquals(Runtime.getRuntime().availableProcessors() > 0, !sample.cpu().cores().isEmpty());
        assertPercent(sample.cpu().percent(), "cpu");
        sample.cpu().cores().forEach(core -> assertPercent(core.percent(), "core " + core.core()));
        assertTrue(sample.cpu().load1m() == null || sample.cpu().load1m() >= 0);

        assertTrue(sample.memory().totalBytes() > 0);
        assertTrue(sample.memory().usedBytes() > 0 && sample.memory().usedBytes() <= sample.memory().totalBytes());
        assertPercent(sample.memory().percent(), "memory");
        assertPercent(sample.swap().percent(), "swap");

        assertFalse(sample.disks().isEmpty(), "at least the root file system counts");
        for (Sample.Disk disk : sample.disks()) {
            assertTrue(disk.totalBytes() > 0 && disk.freeBytes() <= disk.totalBytes(), disk.toString());
            assertPercent(disk.usedPercent(), disk.mount());
        }
        for (Sample.NetworkInterface net : sample.network()) {
            assertNotNull(net.rxBytesPerS(), "a rate once two readings exist: " + net);
            assertTrue(net.rxBytesPerS() >= 0 && net.txBytesPerS() >= 0, net.toString());
        }

        Sample.Process process = sample.process();
        assertEquals(ProcessHandle.current().pid(), process.pid());
        assertPercent(process.cpuPercent(), "process cpu");
        assertTrue(process.cpuPercent() > 0, "the busy loop above used CPU: " + process.cpuPercent());
        assertTrue(process.heapUsedBytes() > 0 && process.residentBytes() > 0);
        assertTrue(process.threads() >= 1);
        assertTrue(process.openFiles() == null || process.openFiles() > 0);
    }

    @Test
    void aRepeatedMountOrAPseudoFileSystemIsNeverCounted() {
        List<Sample.Disk> disks = probe.read(Instant.now(), new DiskFilter(List.of())).disks();
        assertEquals(disks.size(), disks.stream().map(Sample.Disk::mount).distinct().count());
        for (Sample.Disk disk : disks) {
            assertFalse(List.of("proc", "sysfs", "tmpfs", "devtmpfs", "cgroup", "cgroup2").contains(disk.type())
                                && !disk.mount().equals("/"), disk.toString());
        }
    }

    @Test
    void theNativeFreeFallbackReadsThisLinuxMachineToo() {
        assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
                   "OSHI's native-free implementation is for Linux");
        HostProbe fallback = HostProbe.nativeFree();
        DiskFilter disks = new DiskFilter(List.of());
        Reading first = fallback.read(Instant.now(), disks);
        busyWork(500);
        Sample sample = RateCalculator.sample(first, fallback.read(Instant.now(), disks));
        assertEquals("oshi-native-free", fallback.provider());
        assertTrue(sample.memory().totalBytes() > 0);
        assertPercent(sample.memory().percent(), "memory");
        assertPercent(sample.cpu().percent(), "cpu");
        assertEquals(probe.read(Instant.now(), disks).disks().stream().map(Sample.Disk::mount).toList(),
                     sample.disks().stream().map(Sample.Disk::mount).toList(), "the same disks as through JNA");
        assertEquals(ProcessHandle.current().pid(), sample.process().pid());
    }

    private static void assertPercent(Double value, String what) {
        assertNotNull(value, what + " has a value");
        assertTrue(value >= 0 && value <= 100, what + " = " + value);
    }

    /** Keeps one core busy, so that the process and the host show CPU use between the two readings. */
    private static void busyWork(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        double sink = 0;
        while (System.nanoTime() < end) {
            sink += Math.sqrt(sink + 1);
        }
        assertTrue(sink > 0);
    }
}
