package dev.vigil.plugins.dependencies;

import java.util.Locale;

import org.owasp.dependencycheck.data.nvd.ecosystem.Ecosystem;
import org.owasp.dependencycheck.dependency.Confidence;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.dependency.EvidenceType;
import org.owasp.dependencycheck.dependency.naming.PurlIdentifier;
import org.owasp.dependencycheck.utils.Checksum;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

/**
 * A package read by {@link ProjectFiles} as dependency-check's own analyzers would hand it to the engine: a virtual
 * dependency of the file it was read from, with vendor, product and version evidence and its package URL, added
 * before the analysis phases so that CPE and NVD matching (and OSS Index, Node Audit) treat it like their own.
 */
final class LockedDependencies {

    private LockedDependencies() {
    }

    static Dependency of(ProjectFiles.Found found, LockedPackage locked) {
        String source = found.file().getFileName().toString();
        // Named "<file>?<package>" as dependency-check's npm analyzer names its packages: one path per package (it
        // merges same paths), and no analyzer takes the package for the file itself (Node Audit would read it as the
        // lock file and rename it after the project).
        String path = found.file() + "?" + locked.name() + "@" + locked.version();
        Dependency dependency = new Dependency(new java.io.File(path), true);
        dependency.setSha1sum(Checksum.getSHA1Checksum(path));
        dependency.setSha256sum(Checksum.getSHA256Checksum(path));
        dependency.setMd5sum(Checksum.getMD5Checksum(path));
        dependency.setName(locked.name());
        dependency.setVersion(locked.version());
        dependency.setDisplayFileName(locked.name() + ":" + locked.version());
        if (!locked.licenses().isEmpty()) {
            dependency.setLicense(String.join("\n", locked.licenses())); // as dependency-check joins several
        }
        dependency.setPackagePath(locked.name() + ":" + locked.version());
        dependency.setEcosystem(locked.ecosystem() == dev.vigil.plugins.dependencies.Ecosystem.NPM ? Ecosystem.NODEJS
                : Ecosystem.PYTHON);
        String product = locked.name();
        if (locked.ecosystem() == dev.vigil.plugins.dependencies.Ecosystem.NPM && product.startsWith("@")) {
            String scope = product.substring(1, product.indexOf('/'));
            product = product.substring(product.indexOf('/') + 1);
            dependency.addEvidence(EvidenceType.VENDOR, source, "scope", scope, Confidence.HIGH);
        }
        String underscored = product.replace('-', '_').toLowerCase(Locale.ROOT);
        dependency.addEvidence(EvidenceType.VENDOR, source, "name", product, Confidence.HIGHEST);
        dependency.addEvidence(EvidenceType.PRODUCT, source, "name", product, Confidence.HIGHEST);
        dependency.addEvidence(EvidenceType.VERSION, source, "version", locked.version(), Confidence.HIGHEST);
        // The NVD often names a package's vendor "<name>_project" (dependency-check adds this for npm packages too)
        // or "<name>project" (djangoproject); tried only when nothing more certain matched.
        dependency.addEvidence(EvidenceType.VENDOR, source, "name", underscored + "_project", Confidence.LOW);
        dependency.addEvidence(EvidenceType.VENDOR, source, "name", underscored.replace("_", "") + "project",
                               Confidence.LOW);
        try {
            dependency.addSoftwareIdentifier(new PurlIdentifier(new PackageURL(locked.purl()), Confidence.HIGHEST));
        } catch (MalformedPackageURLException e) {
            throw new IllegalArgumentException("not a package URL: " + locked.purl(), e);
        }
        return dependency;
    }
}
