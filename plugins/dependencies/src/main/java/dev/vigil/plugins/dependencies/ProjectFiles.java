package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Python and npm project files under a scanned path that this plugin reads itself, because dependency-check
 * 12.1.0 cannot read them offline or reads them wrongly: pip requirements files (it reads only one named exactly
 * {@code requirements.txt}, and takes comments and options for package names), {@code Pipfile.lock} (it reads only
 * the {@code develop} section), a pinned {@code pyproject.toml} without {@code poetry.lock}, {@code poetry.lock} and
 * installed {@code *.dist-info/METADATA} (it reads them, but its vendor evidence misses names like djangoproject), npm's
 * {@code package-lock.json} (it reads it only when {@code node_modules} is installed beside it), {@code yarn.lock}
 * and {@code pnpm-lock.yaml} (it only hands them to the yarn and pnpm programs) and {@code node_modules}.
 * Each file's packages are listed once, whatever the file repeats.
 */
final class ProjectFiles {

    /** The packages one file pins. */
    record Found(Path file, List<LockedPackage> packages) {
    }

    /** What was read, and the files that could not be (with why). */
    record Result(List<Found> files, List<String> problems) {
    }

    private final ObjectMapper json;

    ProjectFiles(ObjectMapper json) {
        this.json = json;
    }

    Result read(Path location) {
        List<Found> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isRegularFile(location)) {
            readFile(location, found, problems);
            return new Result(found, problems);
        }
        if (!Files.isDirectory(location)) {
            return new Result(found, problems);
        }
        try {
            Files.walkFileTree(location, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (name.equals("node_modules")) {
                        read(dir, () -> NodeModules.read(dir, json), found, problems);
                        return FileVisitResult.SKIP_SUBTREE; // its packages are read above, nested ones too
                    }
                    return !dir.equals(location) && name.startsWith(".") ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    readFile(file, found, problems);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(file + ": " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(location + ": " + e.getMessage());
        }
        return new Result(found, problems);
    }

    /** Whether this plugin reads the file itself (and so which format it is in), by its name. */
    static Format format(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        Path parent = file.getParent();
        boolean inRequirementsDir = parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("requirements");
        if (lower.endsWith(".txt") && (lower.startsWith("requirements") || inRequirementsDir)) {
            return Format.REQUIREMENTS;
        }
        if (name.equals("METADATA") && parent != null && parent.getFileName() != null
                && parent.getFileName().toString().endsWith(".dist-info")) {
            return Format.DIST_INFO; // dependency-check lists it too; its evidence misses vendors like djangoproject
        }
        return switch (name) {
            case "Pipfile.lock" -> Format.PIPFILE_LOCK;
            // dependency-check's Poetry analyzer lists it too (both readings become one component); its evidence
            // misses vendors like djangoproject
            case "poetry.lock" -> Format.POETRY_LOCK;
            case "pyproject.toml" -> parent != null && Files.exists(parent.resolve("poetry.lock")) ? null
                    : Format.PYPROJECT; // with a lock beside it, the lock is read
            case "package-lock.json", "npm-shrinkwrap.json" -> Format.PACKAGE_LOCK;
            case "yarn.lock" -> Format.YARN_LOCK;
            case "pnpm-lock.yaml" -> Format.PNPM_LOCK;
            default -> null;
        };
    }

    enum Format { REQUIREMENTS, PIPFILE_LOCK, POETRY_LOCK, PYPROJECT, PACKAGE_LOCK, YARN_LOCK, PNPM_LOCK, DIST_INFO }

    private void readFile(Path file, List<Found> found, List<String> problems) {
        Format format = format(file);
        if (format == null) {
            return;
        }
        read(file, () -> {
            String text = Files.readString(file);
            return switch (format) {
                case REQUIREMENTS -> RequirementsTxt.read(text);
                case PIPFILE_LOCK -> PipfileLock.read(text, json);
                case POETRY_LOCK -> PyprojectToml.readPoetryLock(text);
                case PYPROJECT -> PyprojectToml.read(text);
                case PACKAGE_LOCK -> PackageLockJson.read(text, json);
                case YARN_LOCK -> YarnLock.read(text);
                case PNPM_LOCK -> PnpmLock.read(text);
                case DIST_INFO -> DistInfoMetadata.read(text);
            };
        }, found, problems);
    }

    private interface Reader {
        List<LockedPackage> read() throws IOException;
    }

    /** A file that cannot be read or parsed is a problem to report, not a failed scan. */
    private static void read(Path file, Reader reader, List<Found> found, List<String> problems) {
        try {
            Map<String, LockedPackage> once = new LinkedHashMap<>();
            for (LockedPackage each : reader.read()) {
                once.putIfAbsent(each.purl(), each);
            }
            if (!once.isEmpty()) {
                found.add(new Found(file, List.copyOf(once.values())));
            }
        } catch (IOException | RuntimeException e) {
            problems.add("cannot read " + file + ": " + e.getMessage());
        }
    }
}
