package dev.vigil.kernel.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Private working copies of plugin files. A plugin runs from its copy, never from the plugins directory, so that
 * a user may replace or delete the file at any moment, and a reload never reads a jar a class loader still has
 * open. Zips are expanded (PF4J's {@code classes/} + {@code lib/} layout); jars are copied.
 */
final class PluginWorkspace {

    private final Path root;
    private final AtomicLong sequence = new AtomicLong();

    PluginWorkspace(Path root) throws IOException {
        this.root = root;
        deleteTree(root);
        Files.createDirectories(root);
    }

    Path root() {
        return root;
    }

    /** A working copy of {@code file}; when it cannot be made, nothing of it is left behind. */
    Path prepare(Path file) throws IOException {
        String name = file.getFileName().toString();
        long number = sequence.incrementAndGet();
        boolean zip = name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
        Path copy = root.resolve(number + "-" + (zip ? name.substring(0, name.length() - 4) : name));
        try {
            if (zip) {
                expand(file, copy);
            } else {
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            // A corrupt archive fails half-way through: the file then has no runtime that would discard its copy.
            discard(copy);
            throw e;
        }
    }

    void discard(Path copy) {
        try {
            deleteTree(copy);
        } catch (IOException e) {
            System.getLogger(PluginWorkspace.class.getName()).log(System.Logger.Level.DEBUG,
                                                                  "could not delete " + copy, e);
        }
    }

    private static void expand(Path zip, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path base = directory.toAbsolutePath().normalize();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = base.resolve(entry.getName()).normalize();
                if (!target.startsWith(base)) {
                    throw new IOException("zip entry escapes the plugin directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
