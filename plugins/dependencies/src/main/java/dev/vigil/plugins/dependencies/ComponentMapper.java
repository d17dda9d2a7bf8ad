package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.Reference;
import org.owasp.dependencycheck.dependency.naming.Identifier;
import org.owasp.dependencycheck.dependency.naming.PurlIdentifier;

/** Turns dependency-check's dependencies into {@link Component}s: what the report shows and stores. */
final class ComponentMapper {

    private static final int MAX_DESCRIPTION = 4000;

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
        return new Component(name, maven == null ? null : maven.getNamespace(), maven == null ? null : maven.getName(),
                             version, dependency.getFilePath(), licenses(dependency.getLicense()),
                             dependency.getSha1sum(), purl, cpes, vulnerabilities, null);
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
        return dependency.getVulnerabilities(true).stream().map(ComponentMapper::vulnerability)
                .sorted(Comparator.comparing((Component.Vulnerability v) -> v.severity().ordinal())
                                .thenComparing(Component.Vulnerability::id))
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
