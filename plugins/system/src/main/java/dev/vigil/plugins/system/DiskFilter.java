package dev.vigil.plugins.system;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which mounted file systems count as disks. OSHI, asked for local file stores only, already leaves out network
 * file systems (a hung NFS server must not stall sampling), pseudo file systems such as proc, sysfs, cgroup and
 * overlay (except an overlay mounted at {@code /}, a container's root), and {@code /run}, {@code /sys},
 * {@code /proc}, {@code /dev} and {@code shm} paths. On top of that this rule leaves out:
 * <ul>
 *   <li>file systems with no size;</li>
 *   <li>memory-backed ones (tmpfs, ramfs, devtmpfs), since their use is memory use, unless mounted at {@code /};</li>
 *   <li>read-only images (squashfs, iso9660, udf, erofs), which are full by design;</li>
 *   <li>mount points that are files, not directories (containers bind-mount {@code /etc/hosts} and friends);</li>
 *   <li>mount points matching a configured {@code ignore-mounts} glob;</li>
 *   <li>further mounts of a device already counted (bind mounts): the shortest mount path is kept.</li>
 * </ul>
 */
final class DiskFilter {

    private static final Set<String> MEMORY_BACKED = Set.of("tmpfs", "ramfs", "devtmpfs");
    private static final Set<String> READ_ONLY_IMAGES = Set.of("squashfs", "iso9660", "udf", "erofs");

    private final List<PathMatcher> ignored;

    DiskFilter(List<String> ignoreMounts) {
        ignored = new ArrayList<>();
        for (String pattern : ignoreMounts) {
            ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
        }
    }

    /** A file store as OSHI reports it; {@code directory} says whether the mount point is a directory. */
    record Store(String mount, String type, String volume, long totalBytes, long usableBytes, long freeBytes,
                 boolean directory) {
    }

    List<Sample.Disk> disks(List<Store> stores) {
        List<Store> sorted = new ArrayList<>(stores);
        sorted.sort(Comparator.comparingInt((Store store) -> store.mount().length()).thenComparing(Store::mount));
        Set<String> devicesSeen = new HashSet<>();
        List<Sample.Disk> disks = new ArrayList<>();
        for (Store store : sorted) {
            if (!counts(store)) {
                continue;
            }
            if (store.volume().startsWith("/dev/") && !devicesSeen.add(store.volume() + "|" + store.totalBytes())) {
                continue;
            }
            disks.add(disk(store));
        }
        disks.sort(Comparator.comparing(Sample.Disk::mount));
        return disks;
    }

    private boolean counts(Store store) {
        boolean root = store.mount().equals("/");
        if (store.totalBytes() <= 0 || !store.directory()) {
            return false;
        }
        if (!root && (MEMORY_BACKED.contains(store.type()) || READ_ONLY_IMAGES.contains(store.type()))) {
            return false;
        }
        Path mount = Path.of(store.mount());
        return ignored.stream().noneMatch(matcher -> matcher.matches(mount));
    }

    private static Sample.Disk disk(Store store) {
        long usable = Math.max(0, Math.min(store.usableBytes(), store.totalBytes()));
        long free = Math.max(usable, Math.min(store.freeBytes(), store.totalBytes()));
        long used = store.totalBytes() - free;
        return new Sample.Disk(store.mount(), store.type(), store.volume(), store.totalBytes(), usable, used,
                               RateCalculator.percent(used, used + usable));
    }
}
