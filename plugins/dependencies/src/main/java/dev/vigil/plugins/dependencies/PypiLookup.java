package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Python packages in PyPI's JSON API ({@code <registry>/<name>/json}): every release with its files' upload
 * times, and the newest release's licence ({@code info.license_expression}, else a short {@code info.license}, else
 * the {@code License ::} classifiers). Versions ordered by PEP 440 ({@link Pep440Version}). A release whose files
 * were all yanked, or that has no files, is not one a user can move to.
 */
record PypiLookup(String registryUrl) implements RegistryLookup {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer {@code info.license} texts are the licence's whole text, not its name. */
    private static final int MAX_LICENSE_NAME = 100;

    @Override
    public Ecosystem ecosystem() {
        return Ecosystem.PYPI;
    }

    @Override
    public String packageName(Component component) {
        return component.ecosystem() == Ecosystem.PYPI ? PackageUrls.name(component.purl()) : null;
    }

    @Override
    public URI uri(String packageName) {
        return URI.create(registryUrl + "/" + RegistryLookup.encode(packageName) + "/json");
    }

    @Override
    public PackageAnswer read(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (root == null || !root.path("info").isObject()) {
            throw new IOException("not a PyPI JSON API answer: no 'info' object");
        }
        JsonNode info = root.get("info");
        List<PackageAnswer.Release> releases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("releases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> release = it.next();
            Instant uploaded = null;
            boolean installable = false;
            for (JsonNode file : release.getValue()) {
                if (file.path("yanked").asBoolean(false)) {
                    continue;
                }
                installable = true;
                Instant at = time(file);
                if (at != null && (uploaded == null || at.isBefore(uploaded))) {
                    uploaded = at;
                }
            }
            if (installable) {
                releases.add(new PackageAnswer.Release(release.getKey(), uploaded, List.of()));
            }
        }
        String version = info.path("version").asText(null);
        if (releases.isEmpty() && version != null) {
            releases.add(new PackageAnswer.Release(version, null, List.of()));
        }
        return new PackageAnswer(releases, null, licenses(info));
    }

    /** The first file's upload time (files of one release are uploaded within minutes). */
    private static Instant time(JsonNode file) {
        String iso = file.path("upload_time_iso_8601").asText(null);
        try {
            if (iso != null) {
                return Instant.parse(iso);
            }
            String plain = file.path("upload_time").asText(null); // UTC, without a zone
            return plain == null ? null : LocalDateTime.parse(plain).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static List<String> licenses(JsonNode info) {
        String expression = info.path("license_expression").asText("").trim();
        if (!expression.isEmpty()) {
            return List.of(expression);
        }
        String license = info.path("license").asText("").trim();
        if (!license.isEmpty() && license.length() <= MAX_LICENSE_NAME && !license.contains("\n")
                && !license.equalsIgnoreCase("UNKNOWN")) {
            return List.of(license);
        }
        List<String> fromClassifiers = new ArrayList<>();
        for (JsonNode classifier : info.path("classifiers")) {
            String text = classifier.asText("");
            if (text.startsWith("License :: ") && !text.equals("License :: OSI Approved")) {
                fromClassifiers.add(text.substring(text.lastIndexOf(" :: ") + 4).trim());
            }
        }
        return fromClassifiers;
    }

    @Override
    public boolean understands(String version) {
        return Pep440Version.parse(version).isPresent();
    }

    @Override
    public Optional<String> newest(String current, PackageAnswer answer) {
        return Pep440Version.newest(current == null ? null : Pep440Version.parse(current).orElse(null),
                                    answer.versions()).map(Pep440Version::toString);
    }

    @Override
    public Optional<UpdateType> behind(String current, String latest) {
        return Pep440Version.updateType(Pep440Version.parse(current).orElseThrow(),
                                        Pep440Version.parse(latest).orElseThrow());
    }
}
