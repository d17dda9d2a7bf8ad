package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.Reference;
import org.owasp.dependencycheck.dependency.naming.Identifier;
import org.owasp.dependencycheck.dependency.naming.PurlIdentifier;

/** Turns dependency-check's dependencies into {@link Component}s: what the report shows and stores. */
final class ComponentMapper {

    private static final int MAX_DESCRIPTION = 4000;
    private static final Comparator<Component.Vulnerability> BY_SEVERITY =
            Comparator.comparing((Component.Vulnerability v) -> v.severity().ordinal())
                    .thenComparing(Component.Vulnerability::id);

    private ComponentMapper() {
    }

    /**
     * One component per file: a dependency and each of its related ones (dependency-check folds copies of one
     * library, or jars of one project, into one dependency; each copy is still a file someone runs).
     */
    static List<Component> components(Dependency dependency, boolean vulnerabilitiesChecked) {
        List<Component.Vulnerability> vulnerabilities = vulnerabilitiesChecked ? vulnerabilities(dependency)
                : List.of();
        List<String> cpes = vulnerabilitiesChecked ? dependency.getVulnerableSoftwareIdentifiers().stream()
                .map(Identifier::getValue).sorted().toList() : List.of();
        List<Component> components = new ArrayList<>();
        components.add(component(dependency, cpes, vulnerabilities));
        for (Dependency related : dependency.getRelatedDependencies()) {
            components.add(component(related, cpes, vulnerabilities));
        }
        return components;
    }

    private static Component component(Dependency dependency, List<String> cpes,
                                       List<Component.Vulnerability> vulnerabilities) {
        PurlIdentifier maven = dependency.getSoftwareIdentifiers().stream()
                .filter(id -> id instanceof PurlIdentifier purl && purl.getValue().startsWith("pkg:maven/"))
                .map(PurlIdentifier.class::cast)
                .filter(purl -> purl.getNamespace() != null && purl.getVersion() != null)
                .findFirst().orElse(null);
        String purl = maven != null ? maven.getValue() : dependency.getSoftwareIdentifiers().stream()
                .filter(PurlIdentifier.class::isInstance).map(Identifier::getValue).findFirst().orElse(null);
        String name = maven != null ? maven.getName()
                : dependency.getName() != null ? dependency.getName() : lastSegment(dependency.getFilePath());
        String version = maven != null ? maven.getVersion() : dependency.getVersion();
        // a package read from a lock file is a virtual dependency of that file: the file is where it is listed
        String file = dependency.isVirtual() ? beforeQuery(dependency.getActualFilePath()) : dependency.getFilePath();
        return new Component(name, maven == null ? null : maven.getNamespace(), maven == null ? null : maven.getName(),
                             version, file, licenses(dependency.getLicense()),
                             dependency.isVirtual() ? null : dependency.getSha1sum(), purl, cpes, vulnerabilities,
                             null);
    }

    /** dependency-check's npm analyzers name a package of a lock file {@code <lock file>?<package>}. */
    private static String beforeQuery(String path) {
        int query = path == null ? -1 : path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /**
     * One component per package URL and file: two readers of one file (dependency-check's analyzer and this
     * plugin's, or two of dependency-check's) list a package once, with the vulnerabilities both found.
     */
    static List<Component> oncePerFile(List<Component> components) {
        Map<String, Component> once = new LinkedHashMap<>();
        List<Component> result = new ArrayList<>();
        for (Component component : components) {
            if (component.purl() == null || component.file() == null) {
                result.add(component);
                continue;
            }
            String key = component.file() + "\n" + component.purl();
            Component seen = once.get(key);
            if (seen == null) {
                once.put(key, component);
                result.add(component);
            } else {
                Component merged = merge(seen, component);
                once.put(key, merged);
                result.set(result.indexOf(seen), merged);
            }
        }
        return result;
    }

    private static Component merge(Component kept, Component other) {
        Map<String, Component.Vulnerability> vulnerabilities = new LinkedHashMap<>();
        kept.vulnerabilities().forEach(v -> vulnerabilities.put(v.id(), v));
        other.vulnerabilities().forEach(v -> vulnerabilities.putIfAbsent(v.id(), v));
        Set<String> cpes = new TreeSet<>(kept.cpes());
        cpes.addAll(other.cpes());
        Set<String> licenses = new LinkedHashSet<>(kept.licenses());
        licenses.addAll(other.licenses());
        return new Component(kept.name(), kept.groupId(), kept.artifactId(), kept.version(), kept.file(),
                             List.copyOf(licenses), kept.sha1(), kept.purl(), List.copyOf(cpes),
                             vulnerabilities.values().stream().sorted(BY_SEVERITY).toList(), kept.outdated());
    }

    /** The file's own name: dependency-check's file name for a file in an archive is "archive: file". */
    private static String lastSegment(String path) {
        if (path == null) {
            return null;
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** dependency-check joins the licenses it finds with line breaks. */
    static List<String> licenses(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::trim).filter(line -> !line.isEmpty()).distinct().toList();
    }

    private static List<Component.Vulnerability> vulnerabilities(Dependency dependency) {
        return dependency.getVulnerabilities(true).stream().map(ComponentMapper::vulnerability).sorted(BY_SEVERITY)
                .toList();
    }

    private static Component.Vulnerability vulnerability(org.owasp.dependencycheck.dependency.Vulnerability found) {
        Double score = null;
        String version = null;
        if (found.getCvssV4() != null && found.getCvssV4().getCvssData() != null) {
            score = found.getCvssV4().getCvssData().getBaseScore();
            version = "4.0";
        } else if (found.getCvssV3() != null && found.getCvssV3().getCvssData() != null) {
            score = found.getCvssV3().getCvssData().getBaseScore();
            version = found.getCvssV3().getCvssData().getVersion() == null ? "3.x"
                    : found.getCvssV3().getCvssData().getVersion().toString();
        } else if (found.getCvssV2() != null && found.getCvssV2().getCvssData() != null) {
            score = found.getCvssV2().getCvssData().getBaseScore();
            version = "2.0";
        }
        String id = found.getName();
        String description = found.getDescription();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION - 1) + "…";
        }
        return new Component.Vulnerability(id, score, version, Severity.of(found.getHighestSeverityText()),
                                           description, found.getSource() == null ? null : found.getSource().name(),
                                           url(id, found), found.getKnownExploitedVulnerability() != null);
    }

    private static String url(String id, org.owasp.dependencycheck.dependency.Vulnerability found) {
        if (id != null && id.startsWith("CVE-")) {
            return "https://nvd.nist.gov/vuln/detail/" + id;
        }
        return found.getReferences(true).stream().map(Reference::getUrl).filter(u -> u != null && !u.isBlank())
                .findFirst().orElse(null);
    }
}
