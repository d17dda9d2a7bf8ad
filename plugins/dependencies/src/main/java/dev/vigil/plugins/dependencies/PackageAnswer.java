package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.List;

/**
 * What a registry said about one package: its releases (with their dates and licences when it says), the version
 * its {@code latest} tag names (npm), and the package's licences.
 */
record PackageAnswer(List<Release> releases, String taggedLatest, List<String> licenses) {

    PackageAnswer {
        releases = List.copyOf(releases);
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
    }

    /** One published version; {@code releasedAt} and {@code licenses} are null/empty when the registry did not say. */
    record Release(String version, Instant releasedAt, List<String> licenses) {
        Release {
            licenses = licenses == null ? List.of() : List.copyOf(licenses);
        }
    }

    List<String> versions() {
        return releases.stream().map(Release::version).toList();
    }

    Instant releasedAt(String version) {
        return releases.stream().filter(r -> r.version().equals(version)).map(Release::releasedAt)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** The licences that version declares, else the package's. */
    List<String> licensesOf(String version) {
        return releases.stream().filter(r -> r.version().equals(version) && !r.licenses().isEmpty())
                .map(Release::licenses).findFirst().orElse(licenses);
    }
}
