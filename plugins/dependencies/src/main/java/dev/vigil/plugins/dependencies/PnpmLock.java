package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * pnpm's {@code pnpm-lock.yaml}: the keys of its {@code packages} map, one per resolved package, in each lock file
 * version's spelling — v5 {@code /@babel/core/7.22.0_peer@1.0.0}, v6 {@code /react-dom@18.2.0(react@18.2.0)}, v9
 * {@code 'react-dom@18.2.0'} (peer-dependency suffixes dropped: the same release installed for two peers is one
 * package). Read line by line: only the top-level {@code packages:} keys matter, so no YAML library is needed.
 */
final class PnpmLock {

    private PnpmLock() {
    }

    static List<LockedPackage> read(String text) {
        Set<String> seen = new LinkedHashSet<>();
        List<LockedPackage> packages = new ArrayList<>();
        boolean inPackages = false;
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                inPackages = line.trim().equals("packages:");
                continue;
            }
            if (inPackages && line.startsWith("  ") && !line.startsWith("   ") && line.trim().endsWith(":")) {
                LockedPackage found = parseKey(line.trim().substring(0, line.trim().length() - 1));
                if (found != null && seen.add(found.purl())) {
                    packages.add(found);
                }
            }
        }
        return packages;
    }

    static LockedPackage parseKey(String rawKey) {
        String key = rawKey;
        if (key.length() >= 2 && (key.startsWith("'") && key.endsWith("'") || key.startsWith("\"") && key.endsWith("\""))) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.startsWith("/")) {
            key = key.substring(1);
        }
        int peers = key.indexOf('(');
        if (peers > 0) {
            key = key.substring(0, peers);
        }
        String name;
        String version;
        int scope = key.startsWith("@") ? key.indexOf('/') + 1 : 0;
        int slash = key.indexOf('/', scope);
        if (slash > 0) {
            name = key.substring(0, slash); // v5: name/version, peers after '_'
            version = key.substring(slash + 1);
            int underscore = version.indexOf('_');
            if (underscore > 0) {
                version = version.substring(0, underscore);
            }
        } else {
            int at = key.lastIndexOf('@');
            if (at <= 0) {
                return null;
            }
            name = key.substring(0, at);
            version = key.substring(at + 1);
        }
        if (name.isEmpty() || version.isEmpty() || !Character.isDigit(version.charAt(0)) || name.contains(":")) {
            return null; // a tarball or git dependency
        }
        return LockedPackage.npm(name, version);
    }
}
