package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * npm packages in an npm registry's package document ({@code <registry>/<name>}, a scoped name as
 * {@code @scope%2fname}): {@code dist-tags.latest}, {@code time[<version>]}, and each version's {@code license}
 * (else the package's). Versions ordered by Semantic Versioning ({@link SemVersion}).
 */
record NpmLookup(String registryUrl) implements RegistryLookup {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Ecosystem ecosystem() {
        return Ecosystem.NPM;
    }

    @Override
    public String packageName(Component component) {
        return component.ecosystem() == Ecosystem.NPM ? PackageUrls.name(component.purl()) : null;
    }

    @Override
    public URI uri(String packageName) {
        int slash = packageName.indexOf('/');
        String path = packageName.startsWith("@") && slash > 0
                ? "@" + RegistryLookup.encode(packageName.substring(1, slash)) + "%2f"
                        + RegistryLookup.encode(packageName.substring(slash + 1))
                : RegistryLookup.encode(packageName);
        return URI.create(registryUrl + "/" + path);
    }

    @Override
    public PackageAnswer read(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.path("versions").isObject()) {
            throw new IOException("not an npm package document: no 'versions' object");
        }
        JsonNode times = root.path("time");
        List<PackageAnswer.Release> releases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("versions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> version = it.next();
            releases.add(new PackageAnswer.Release(version.getKey(), time(times.path(version.getKey())),
                                                   licenses(version.getValue())));
        }
        return new PackageAnswer(releases, root.path("dist-tags").path("latest").asText(null), licenses(root));
    }

    private static Instant time(JsonNode node) {
        try {
            return node.isTextual() ? Instant.parse(node.asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The licences an npm manifest names (a packument's version, a lock file's package entry, an installed
     * {@code package.json}): {@code "license": "MIT"}, the older {@code {"type": "MIT"}}, or
     * {@code "licenses": [{"type": ...}]}.
     */
    static List<String> licenses(JsonNode document) {
        JsonNode license = document.path("license");
        if (license.isTextual() && !license.asText().isBlank()) {
            return List.of(license.asText().trim());
        }
        if (license.path("type").isTextual()) {
            return List.of(license.get("type").asText().trim());
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode each : document.path("licenses")) {
            String type = each.isTextual() ? each.asText() : each.path("type").asText("");
            if (!type.isBlank()) {
                listed.add(type.trim());
            }
        }
        return listed;
    }

    @Override
    public boolean understands(String version) {
        return SemVersion.parse(version).isPresent();
    }

    @Override
    public Optional<String> newest(String current, PackageAnswer answer) {
        return SemVersion.newest(current == null ? null : SemVersion.parse(current).orElse(null),
                                 answer.taggedLatest(), answer.versions()).map(SemVersion::toString);
    }

    @Override
    public Optional<UpdateType> behind(String current, String latest) {
        return SemVersion.updateType(SemVersion.parse(current).orElseThrow(), SemVersion.parse(latest).orElseThrow());
    }
}
