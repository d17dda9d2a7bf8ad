package dev.vigil.plugins.dependencies;

import java.util.List;

/**
 * An installed Python package's {@code *.dist-info/METADATA} (core metadata: {@code Name:} and {@code Version:}
 * headers before the first blank line). dependency-check's Python Distribution analyzer lists the same file; both
 * readings become one component, and this one adds the vendor names the NVD uses.
 */
final class DistInfoMetadata {

    private DistInfoMetadata() {
    }

    static List<LockedPackage> read(String text) {
        String name = null;
        String version = null;
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                break; // the description follows the headers
            }
            if (line.startsWith("Name:")) {
                name = line.substring(5).trim();
            } else if (line.startsWith("Version:")) {
                version = line.substring(8).trim();
            }
        }
        return name == null || version == null || name.isEmpty() || version.isEmpty() ? List.of()
                : List.of(LockedPackage.pypi(name, version));
    }
}
