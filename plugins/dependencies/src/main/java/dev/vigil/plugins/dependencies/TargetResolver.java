package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.vigil.api.ServerInfo;

/** What a full scan looks at, from the config and the server's directories. */
final class TargetResolver {

    private final ServerInfo server;

    TargetResolver(ServerInfo server) {
        this.server = server;
    }

    List<ScanTarget> targets(DependenciesConfig config) {
        List<ScanTarget> targets = new ArrayList<>();
        if (config.scanServer()) {
            server.libDir().ifPresent(lib -> targets.add(ScanTarget.server(lib)));
        }
        if (config.scanPlugins()) {
            targets.addAll(pluginFiles(server.pluginsDir()));
        }
        Path base = serverHome();
        for (String path : config.paths()) {
            targets.add(ScanTarget.path(path, base));
        }
        return targets;
    }

    /** Relative configured paths start from the server's directory (the one holding {@code config/}). */
    Path serverHome() {
        Path parent = server.configDir().toAbsolutePath().getParent();
        return parent == null ? server.configDir().toAbsolutePath() : parent;
    }

    /** Every file of the plugins directory except hidden ones (a half-copied jar is dropped in under a dot name). */
    static List<ScanTarget> pluginFiles(Path pluginsDir) {
        List<ScanTarget> files = new ArrayList<>();
        if (!Files.isDirectory(pluginsDir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pluginsDir)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".")) {
                    files.add(ScanTarget.plugin(entry, pluginId(entry)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the plugins directory " + pluginsDir + ": " + e.getMessage(),
                                            e);
        }
        files.sort(Comparator.comparing(ScanTarget::key));
        return files;
    }

    /** The plugin id a file declares: {@code plugin.id} in a zip's plugin.properties, or a jar's Plugin-Id. */
    static String pluginId(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry properties = zip.getEntry("plugin.properties");
            if (properties != null) {
                try (InputStream in = zip.getInputStream(properties)) {
                    Properties descriptor = new Properties();
                    descriptor.load(in);
                    String id = descriptor.getProperty("plugin.id");
                    if (id != null && !id.isBlank()) {
                        return id.trim();
                    }
                }
            }
            ZipEntry manifest = zip.getEntry(JarFile.MANIFEST_NAME);
            if (manifest != null) {
                try (InputStream in = zip.getInputStream(manifest)) {
                    String id = new Manifest(in).getMainAttributes().getValue("Plugin-Id");
                    return id == null || id.isBlank() ? null : id.trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not an archive, or a broken one: the scan still looks at it, it just has no plugin id
        }
        return null;
    }
}
