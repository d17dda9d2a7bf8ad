package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An installed {@code node_modules} directory: npm 7+ keeps what it installed in {@code node_modules/.package-lock.json}
 * (read as a lock file); otherwise (yarn, pnpm, older npm) each package's own {@code package.json}, scoped packages
 * ({@code @scope/name}) and nested {@code node_modules} included.
 */
final class NodeModules {

    static final String HIDDEN_LOCK = ".package-lock.json";

    private NodeModules() {
    }

    static List<LockedPackage> read(Path nodeModules, ObjectMapper json) throws IOException {
        Path hidden = nodeModules.resolve(HIDDEN_LOCK);
        if (Files.isRegularFile(hidden)) {
            return PackageLockJson.read(Files.readString(hidden), json);
        }
        List<LockedPackage> packages = new ArrayList<>();
        walk(nodeModules, json, packages, 0);
        return packages;
    }

    private static void walk(Path nodeModules, ObjectMapper json, List<LockedPackage> packages, int depth)
            throws IOException {
        if (depth > 32) {
            return; // a link cycle
        }
        for (Path entry : children(nodeModules)) {
            String name = entry.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // .bin, .cache, .pnpm (pnpm's store: its packages are linked from the top level)
            }
            List<Path> packageDirs = name.startsWith("@") ? children(entry) : List.of(entry);
            for (Path packageDir : packageDirs) {
                Path manifest = packageDir.resolve("package.json");
                if (Files.isRegularFile(manifest)) {
                    JsonNode node = json.readTree(Files.readString(manifest));
                    String packageName = node.path("name").asText("");
                    String version = node.path("version").asText("");
                    if (!packageName.isEmpty() && !version.isEmpty() && Character.isDigit(version.charAt(0))) {
                        packages.add(LockedPackage.npm(packageName, version).withLicenses(NpmLookup.licenses(node)));
                    }
                }
                Path nested = packageDir.resolve("node_modules");
                if (Files.isDirectory(nested)) {
                    walk(nested, json, packages, depth + 1);
                }
            }
        }
    }

    private static List<Path> children(Path directory) throws IOException {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return children;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(children::add);
        }
        children.sort(null);
        return children;
    }
}
