package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * npm's {@code package-lock.json} / {@code npm-shrinkwrap.json}, and the hidden {@code node_modules/.package-lock.json}
 * npm 7+ writes for what is installed. Lock file versions 2 and 3 list every installed package under
 * {@code packages} by its path ({@code node_modules/a/node_modules/b}); version 1 nests {@code dependencies}.
 * Links (workspace packages) and the project itself are not dependencies and are left out.
 */
final class PackageLockJson {

    private static final String NODE_MODULES = "node_modules/";

    private PackageLockJson() {
    }

    static List<LockedPackage> read(String text, ObjectMapper json) throws IOException {
        JsonNode lock = json.readTree(text);
        List<LockedPackage> packages = new ArrayList<>();
        if (lock.has("packages")) {
            for (Map.Entry<String, JsonNode> entry : lock.get("packages").properties()) {
                String path = entry.getKey();
                JsonNode item = entry.getValue();
                int last = path.lastIndexOf(NODE_MODULES);
                if (last < 0 || item.path("link").asBoolean(false)) {
                    continue; // "" is the project; "packages/x" a workspace
                }
                // an alias ("b": "npm:real@1.0") is installed under its alias; "name" says what it really is
                String name = item.path("name").asText(path.substring(last + NODE_MODULES.length()));
                add(packages, name, item.path("version").asText(null), NpmLookup.licenses(item));
            }
        } else {
            readV1(lock.path("dependencies"), packages);
        }
        return packages;
    }

    private static void readV1(JsonNode dependencies, List<LockedPackage> packages) {
        for (Map.Entry<String, JsonNode> entry : dependencies.properties()) {
            add(packages, entry.getKey(), entry.getValue().path("version").asText(null), List.of());
            readV1(entry.getValue().path("dependencies"), packages);
        }
    }

    /** A version that is a URL or path ({@code file:../x}, {@code github:...}) names no registry release. */
    private static void add(List<LockedPackage> packages, String name, String version, List<String> licenses) {
        if (version != null && !version.isBlank() && Character.isDigit(version.charAt(0))) {
            packages.add(LockedPackage.npm(name, version).withLicenses(licenses));
        }
    }
}
