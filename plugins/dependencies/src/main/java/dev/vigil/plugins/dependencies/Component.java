package dev.vigil.plugins.dependencies;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One library found in a scanned file, with its known vulnerabilities and newest version. Stored as JSON with its
 * target, so unknown fields are ignored: a row written by an older version of this plugin still reads.
 *
 * @param name       the artifact id for Maven components, else dependency-check's name, else the file name
 * @param file       where it is: a path, or a path inside an archive ({@code .../plugin.zip/lib/x.jar})
 * @param licenses   the licenses its metadata declares (empty when none was found)
 * @param purl       the package URL ({@code pkg:maven/group/artifact@version}) when known
 * @param cpes       the CPE identifiers dependency-check matched it to (only when vulnerabilities were checked)
 * @param outdated   the newest release and how far behind this version is
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Component(String name, String groupId, String artifactId, String version, String file, List<String> licenses,
                 String sha1, String purl, List<String> cpes, List<Vulnerability> vulnerabilities,
                 OutdatedState outdated) {

    Component {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        cpes = cpes == null ? List.of() : List.copyOf(cpes);
        vulnerabilities = vulnerabilities == null ? List.of() : List.copyOf(vulnerabilities);
        outdated = outdated == null ? OutdatedState.NOT_CHECKED : outdated;
    }

    /** Where the component comes from, by its package URL. */
    Ecosystem ecosystem() {
        return Ecosystem.ofPurl(purl);
    }

    boolean isMaven() {
        return groupId != null && artifactId != null && version != null;
    }

    Component withOutdated(OutdatedState state) {
        return new Component(name, groupId, artifactId, version, file, licenses, sha1, purl, cpes, vulnerabilities,
                             state);
    }

    /**
     * A known vulnerability of a component.
     *
     * @param id          the CVE id (or the source's id, e.g. a GitHub advisory, when there is no CVE)
     * @param cvssScore   the highest-version CVSS base score available (v4, else v3, else v2); null if unscored
     * @param cvssVersion which CVSS version {@code cvssScore} is from
     * @param severity    CRITICAL, HIGH, MEDIUM, LOW or UNKNOWN
     * @param source      where dependency-check found it: NVD, OSSINDEX, RETIREJS, NPM
     * @param knownExploited listed in CISA's catalogue of known exploited vulnerabilities
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Vulnerability(String id, Double cvssScore, String cvssVersion, Severity severity, String description,
                         String source, String url, boolean knownExploited) {
    }

    /**
     * How a component's version compares with the newest release in the configured Maven repository.
     *
     * @param status        CURRENT, OUTDATED, UNKNOWN (the repository could not tell: see {@code error}), or
     *                      NOT_CHECKED (not a Maven component, or the check is turned off)
     * @param latestVersion the newest stable release found
     * @param updateType    MAJOR, MINOR or PATCH when outdated
     * @param error         why the status is UNKNOWN
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OutdatedState(Status status, String latestVersion, UpdateType updateType, String error) {

        static final OutdatedState NOT_CHECKED = new OutdatedState(Status.NOT_CHECKED, null, null, null);

        enum Status { CURRENT, OUTDATED, UNKNOWN, NOT_CHECKED }

        static OutdatedState unknown(String error) {
            return new OutdatedState(Status.UNKNOWN, null, null, error);
        }
    }
}
