package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.List;

/**
 * Yarn's {@code yarn.lock}, both the classic v1 format ({@code lodash@^4.17.15:} then {@code version "4.17.15"}) and
 * Yarn 2+ ("berry", YAML: {@code "lodash@npm:^4.17.15":} then {@code version: 4.17.15} and
 * {@code resolution: "lodash@npm:4.17.15"}). Each entry is one resolved package, however many ranges it answers.
 * Berry's workspace, patch and link entries are not registry packages and are left out; an alias
 * ({@code "x@npm:real@^1"}) is listed as the real package.
 */
final class YarnLock {

    private YarnLock() {
    }

    static List<LockedPackage> read(String text) {
        List<LockedPackage> packages = new ArrayList<>();
        String descriptor = null;
        String version = null;
        String resolution = null;
        for (String line : text.split("\\R")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                add(packages, descriptor, version, resolution);
                descriptor = line.endsWith(":") ? firstDescriptor(line.substring(0, line.length() - 1)) : null;
                version = null;
                resolution = null;
            } else if (descriptor != null && line.startsWith("  ") && !line.startsWith("   ")) {
                String field = line.trim();
                if (field.startsWith("version")) {
                    version = value(field.substring("version".length()));
                } else if (field.startsWith("resolution:")) {
                    resolution = value(field.substring("resolution:".length()));
                }
            }
        }
        add(packages, descriptor, version, resolution);
        return packages;
    }

    private static void add(List<LockedPackage> packages, String descriptor, String version, String resolution) {
        if (descriptor == null || version == null || descriptor.equals("__metadata")) {
            return;
        }
        String spec = resolution != null ? resolution : descriptor;
        int at = spec.indexOf('@', 1);
        if (at < 0) {
            return;
        }
        String name = spec.substring(0, at);
        String range = spec.substring(at + 1);
        if (range.startsWith("npm:")) {
            String target = range.substring(4);
            int targetAt = target.indexOf('@', 1);
            if (targetAt > 0) {
                name = target.substring(0, targetAt); // an alias: x@npm:real@^1
            }
        } else if (resolution != null || range.matches("^[a-z]+:.*")) {
            return; // workspace:, patch:, link:, portal:, file:, git... are not registry releases
        }
        if (!version.isEmpty() && Character.isDigit(version.charAt(0))) {
            packages.add(LockedPackage.npm(name, version));
        }
    }

    /** {@code "a@^1", a@^1.1} → {@code a@^1}. */
    private static String firstDescriptor(String header) {
        String first = header.split(",")[0].trim();
        return unquote(first);
    }

    private static String value(String rest) {
        String text = rest.trim();
        if (text.startsWith(":")) {
            text = text.substring(1).trim();
        }
        return unquote(text);
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : text;
    }
}
