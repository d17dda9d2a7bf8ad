package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.List;

/**
 * The latest findings for one {@link ScanTarget}: what the report is assembled from. A full scan replaces every
 * target's result; a plugin file arriving replaces only its own.
 *
 * @param fileSize               for plugin files: size when scanned, to skip an unchanged file (else -1)
 * @param fileModified           for plugin files: modification time when scanned (else -1)
 * @param vulnerabilitiesChecked whether vulnerability data was used for this target
 * @param dataSource             where the vulnerability data came from, when checked
 * @param dataProblem            why vulnerabilities were not checked, when not
 * @param dataUpdatedAt          when the vulnerability data was last updated from the NVD, when known
 * @param error                  why the target could not be scanned (a configured path that does not exist)
 */
record TargetResult(String key, ScanTarget.Kind kind, String location, String pluginId, long fileSize,
                    long fileModified, Instant scannedAt, boolean vulnerabilitiesChecked, String dataSource,
                    String dataProblem, Instant dataUpdatedAt, String error, List<Component> components) {

    TargetResult {
        components = components == null ? List.of() : List.copyOf(components);
    }
}
