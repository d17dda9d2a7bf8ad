package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One thing a scan looks at, and the unit its findings are kept by: the distribution's {@code lib/}, one file of
 * the plugins directory, or one configured path.
 *
 * @param key      unique and stable: {@code server}, {@code plugin:<file name>}, {@code path:<configured path>}
 * @param location the absolute file or directory scanned
 * @param pluginId the plugin a plugin file holds (from its descriptor), when known
 */
record ScanTarget(String key, Kind kind, Path location, String pluginId) {

    enum Kind {
        SERVER, PLUGIN, PATH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ScanTarget server(Path libDir) {
        return new ScanTarget("server", Kind.SERVER, libDir.toAbsolutePath().normalize(), null);
    }

    static ScanTarget plugin(Path file, String pluginId) {
        return new ScanTarget(pluginKey(file), Kind.PLUGIN, file.toAbsolutePath().normalize(), pluginId);
    }

    static ScanTarget path(String configured, Path base) {
        Path path = base.resolve(configured).toAbsolutePath().normalize();
        return new ScanTarget("path:" + configured, Kind.PATH, path, null);
    }

    static String pluginKey(Path file) {
        return "plugin:" + file.getFileName();
    }

    boolean exists() {
        return Files.exists(location);
    }

    /** Size and modification time of a plugin file, to tell whether a stored result still describes it. */
    FileStamp stamp() {
        try {
            return new FileStamp(Files.size(location), Files.getLastModifiedTime(location).toMillis());
        } catch (IOException e) {
            return new FileStamp(-1, -1);
        }
    }

    record FileStamp(long size, long modifiedMillis) {
    }
}
