package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One library found in a scanned file, with its known vulnerabilities and newest version. Stored as JSON with its
 * target, so unknown fields are ignored: a row written by an older version of this plugin still reads.
 *
 * @param name       the artifact id for Maven components, else dependency-check's name, else the file name
 * @param file       where it is: a path, or a path inside an archive ({@code .../plugin.zip/lib/x.jar})
 * @param licenses   the licenses its metadata declares (empty when none was found); several are alternatives, as in
 *                   a Maven POM
 * @param purl       the package URL ({@code pkg:maven/group/artifact@version}) when known
 * @param cpes       the CPE identifiers dependency-check matched it to (only when vulnerabilities were checked)
 * @param outdated   the newest release and how far behind this version is
 * @param licenseSource    where {@code licenses} come from: {@code dependency-check} (the scanned files: a jar's POM,
 *                         a lock file's or package.json's licence field), {@code registry}, or {@code registry-cache}
 *                         (the registry's last answer, when it could not be reached)
 * @param licenseDeniedBy  the entries of {@code licenses.deny} that make its licence a finding (empty: none)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record Component(String name, String groupId, String artifactId, String version, String file, List<String> licenses,
                 String sha1, String purl, List<String> cpes, List<Vulnerability> vulnerabilities,
                 OutdatedState outdated, String licenseSource, List<String> licenseDeniedBy) {

    static final String FROM_DEPENDENCY_CHECK = "dependency-check";
    static final String FROM_REGISTRY = "registry";
    static final String FROM_REGISTRY_CACHE = "registry-cache";

    Component {
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
        cpes = cpes == null ? List.of() : List.copyOf(cpes);
        vulnerabilities = vulnerabilities == null ? List.of() : List.copyOf(vulnerabilities);
        outdated = outdated == null ? OutdatedState.NOT_CHECKED : outdated;
        licenseSource = licenseSource == null && !licenses.isEmpty() ? FROM_DEPENDENCY_CHECK : licenseSource;
        licenseDeniedBy = licenseDeniedBy == null ? List.of() : List.copyOf(licenseDeniedBy);
    }

    /** A component as dependency-check found it: licences from its metadata, not yet checked against anything. */
    Component(String name, String groupId, String artifactId, String version, String file, List<String> licenses,
              String sha1, String purl, List<String> cpes, List<Vulnerability> vulnerabilities,
              OutdatedState outdated) {
        this(name, groupId, artifactId, version, file, licenses, sha1, purl, cpes, vulnerabilities, outdated, null,
             null);
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
                             state, licenseSource, licenseDeniedBy);
    }

    /** The registry's licences, for a component whose metadata declared none. */
    Component withLicenses(List<String> declared, String source) {
        return new Component(name, groupId, artifactId, version, file, declared, sha1, purl, cpes, vulnerabilities,
                             outdated, declared.isEmpty() ? null : source, licenseDeniedBy);
    }

    Component withLicenseDeniedBy(List<String> entries) {
        return new Component(name, groupId, artifactId, version, file, licenses, sha1, purl, cpes, vulnerabilities,
                             outdated, licenseSource, entries);
    }

    /** Whether its licence is a finding: {@code licenses.deny} matched it. */
    boolean licenseDenied() {
        return !licenseDeniedBy.isEmpty();
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
     * How a component's version compares with the newest release in its ecosystem's registry (a Maven repository,
     * PyPI, npm).
     *
     * @param status            CURRENT, OUTDATED, UNKNOWN (the registry answered but could not tell: see
     *                          {@code error}), or NOT_CHECKED (no registry for this kind of component, the check is
     *                          turned off, or the registry could not be reached: then {@code error} says why and
     *                          {@code cached} holds its last answer, if any)
     * @param latestVersion     the newest stable release found
     * @param updateType        MAJOR, MINOR or PATCH when outdated
     * @param error             why the status is UNKNOWN, or NOT_CHECKED when the registry was not reached
     * @param latestReleasedAt  when the newest release was published, when the registry says
     * @param currentReleasedAt when this version was published, when the registry says
     * @param cached            the registry's last answer, when it could not be reached this time
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record OutdatedState(Status status, String latestVersion, UpdateType updateType, String error,
                         Instant latestReleasedAt, Instant currentReleasedAt, CachedAnswer cached) {

        static final OutdatedState NOT_CHECKED = new OutdatedState(Status.NOT_CHECKED, null, null, null);

        enum Status { CURRENT, OUTDATED, UNKNOWN, NOT_CHECKED }

        OutdatedState(Status status, String latestVersion, UpdateType updateType, String error) {
            this(status, latestVersion, updateType, error, null, null, null);
        }

        static OutdatedState unknown(String error) {
            return new OutdatedState(Status.UNKNOWN, null, null, error);
        }

        /** The registry could not be reached: why, and what it said last time. */
        static OutdatedState unreachable(String error, CachedAnswer cached) {
            return new OutdatedState(Status.NOT_CHECKED, null, null, error, null, null, cached);
        }
    }

    /**
     * The registry's last answer, shown when it cannot be reached.
     *
     * @param latestVersion the newest final release it named then
     * @param updateType    how far this version is behind that one (null: not behind)
     * @param answeredAt    when it answered
     * @param ageSeconds    how old that answer was at the scan
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CachedAnswer(String latestVersion, UpdateType updateType, Instant answeredAt, long ageSeconds) {
    }
}
