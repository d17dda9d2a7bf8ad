package dev.vigil.kernel.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the data directory private to the server's user: the database, its WAL, tokens and models hold what other
 * users of the machine must not read. Directories become 0700 and files 0600 when the server starts, including
 * those an older version or another tool left readable; files made later inherit privacy from their directory
 * (and {@code bin/vigil} runs the JVM with umask 077). File systems without POSIX permissions are left alone.
 */
public final class PrivateDirectory {

    private static final System.Logger LOG = System.getLogger("vigil.kernel");
    private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateDirectory() {
    }

    /** Creates {@code directory} if needed and makes it and everything in it owner-only; answers how many it changed. */
    public static int secure(Path directory) throws IOException {
        if (Files.notExists(directory)) {
            Files.createDirectories(directory);
        }
        if (!posix(directory)) {
            return 0;
        }
        int[] changed = {0};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                changed[0] += restrict(dir, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    changed[0] += restrict(file, false);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        if (changed[0] > 0) {
            LOG.log(System.Logger.Level.INFO, "data directory {0}: made {1} files and directories readable by the "
                    + "server''s user only", directory, changed[0]);
        }
        return changed[0];
    }

    /**
     * Creates an empty owner-only file unless it exists. SQLite gives its {@code -wal} and {@code -shm} files the
     * permissions of the database file, so creating {@code vigil.db} this way keeps all three private.
     */
    public static void createFile(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || !posix(file.getParent())) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // Another process made it first: secure() at start tightens it.
        }
    }

    /** A directory becomes rwx for its owner only; a file loses every group and other permission. */
    private static int restrict(Path path, boolean directory) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                                                                 LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> current = view.readAttributes().permissions();
        Set<PosixFilePermission> wanted = EnumSet.copyOf(OWNER_ALL);
        if (!directory) {
            wanted.retainAll(current);
        }
        if (wanted.equals(current)) {
            return 0;
        }
        view.setPermissions(wanted);
        return 1;
    }

    private static boolean posix(Path path) throws IOException {
        return path != null && Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
