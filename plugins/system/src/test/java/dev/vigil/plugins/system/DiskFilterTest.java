package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class DiskFilterTest {

    private static final long GB = 1L << 30;

    private static DiskFilter.Store store(String mount, String type, String volume) {
        return new DiskFilter.Store(mount, type, volume, 100 * GB, 60 * GB, 70 * GB, true);
    }

    private static List<String> mounts(DiskFilter filter, DiskFilter.Store... stores) {
        return filter.disks(List.of(stores)).stream().map(Sample.Disk::mount).toList();
    }

    @Test
    void aContainersOverlayRootCountsButItsMemoryAndFileMountsDoNot() {
        List<String> counted = mounts(new DiskFilter(List.of()),
                                      store("/", "overlay", "overlay"),
                                      store("/dev/shm", "tmpfs", "shm"),
                                      store("/mnt/tools", "tmpfs", "tools"),
                                      new DiskFilter.Store("/etc/hosts", "ext4", "/dev/sda1", 100 * GB, 60 * GB,
                                                           70 * GB, false),
                                      store("/data", "ext4", "/dev/sdb1"));
        assertEquals(List.of("/", "/data"), counted);
    }

    @Test
    void emptyFileSystemsReadOnlyImagesAndIgnoredMountsAreLeftOut() {
        List<String> counted = mounts(new DiskFilter(List.of("/boot/**", "/mnt/backup")),
                                      new DiskFilter.Store("/empty", "ext4", "/dev/sdc", 0, 0, 0, true),
                                      store("/snap/core/1", "squashfs", "/dev/loop0"),
                                      store("/media/cd", "iso9660", "/dev/sr0"),
                                      store("/boot/efi", "vfat", "/dev/sda1"),
                                      store("/mnt/backup", "ext4", "/dev/sdd"),
                                      store("/home", "ext4", "/dev/sde"));
        assertEquals(List.of("/home"), counted);
    }

    @Test
    void aDeviceMountedTwiceCountsOnceUnderItsShortestPath() {
        assertEquals(List.of("/srv"), mounts(new DiskFilter(List.of()),
                                             store("/srv/data/bind", "ext4", "/dev/sdb1"),
                                             store("/srv", "ext4", "/dev/sdb1")));
    }

    @Test
    void usedPercentIsComputedAsDfDoesLeavingReservedBlocksOut() {
        // 100 GB in all, 70 GB free of which 60 GB usable by anyone: 30 used / (30 used + 60 usable).
        Sample.Disk disk = new DiskFilter(List.of()).disks(List.of(store("/", "ext4", "/dev/vda"))).getFirst();
        assertEquals(100.0 * 30 / 90, disk.usedPercent(), 1e-9);
        assertEquals(60 * GB, disk.freeBytes());
    }
}
