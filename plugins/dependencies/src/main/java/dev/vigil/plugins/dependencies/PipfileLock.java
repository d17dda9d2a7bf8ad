package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pipenv's {@code Pipfile.lock}: the {@code default} and {@code develop} sections, each package pinned as
 * {@code "version": "==4.2.1"}. (dependency-check's own Pipfile.lock analyzer reads only {@code develop}.)
 */
final class PipfileLock {

    private PipfileLock() {
    }

    static List<LockedPackage> read(String text, ObjectMapper json) throws IOException {
        JsonNode lock = json.readTree(text);
        List<LockedPackage> packages = new ArrayList<>();
        for (String section : List.of("default", "develop")) {
            for (Map.Entry<String, JsonNode> entry : lock.path(section).properties()) {
                String version = entry.getValue().path("version").asText("");
                if (version.startsWith("==") && version.length() > 2) {
                    packages.add(LockedPackage.pypi(entry.getKey(), version.substring(2)));
                }
            }
        }
        return packages;
    }
}
