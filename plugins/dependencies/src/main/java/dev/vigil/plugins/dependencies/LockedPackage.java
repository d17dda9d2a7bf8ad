package dev.vigil.plugins.dependencies;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One package version a project file pins (a lock file entry, a pinned requirement, an installed package), read by
 * one of the {@link ProjectFiles} readers.
 *
 * @param name    the name as the package registry knows it: a PyPI project name normalised as PEP 503 says
 *                ({@code Django} and {@code django_extensions} become {@code django}, {@code django-extensions}),
 *                an npm name with its scope ({@code @babel/core})
 * @param version the exact version pinned
 * @param licenses the licences the project file names for it (npm's lock file and package.json do), else none
 */
record LockedPackage(Ecosystem ecosystem, String name, String version, List<String> licenses) {

    private static final Pattern PEP_503_SEPARATORS = Pattern.compile("[-_.]+");

    LockedPackage {
        if (ecosystem != Ecosystem.PYPI && ecosystem != Ecosystem.NPM) {
            throw new IllegalArgumentException("a project file pins PyPI or npm packages, not " + ecosystem);
        }
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("a pinned package needs a name and a version");
        }
        name = ecosystem == Ecosystem.PYPI ? pep503(name) : name.trim();
        version = version.trim();
        licenses = licenses == null ? List.of() : List.copyOf(licenses);
    }

    LockedPackage(Ecosystem ecosystem, String name, String version) {
        this(ecosystem, name, version, List.of());
    }

    LockedPackage withLicenses(List<String> named) {
        return new LockedPackage(ecosystem, name, version, named);
    }

    static LockedPackage pypi(String name, String version) {
        return new LockedPackage(Ecosystem.PYPI, name, version);
    }

    static LockedPackage npm(String name, String version) {
        return new LockedPackage(Ecosystem.NPM, name, version);
    }

    /** PEP 503: lower case, every run of '-', '_' and '.' one '-'. */
    static String pep503(String name) {
        return PEP_503_SEPARATORS.matcher(name.trim()).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** {@code pkg:pypi/django@4.2.1}, {@code pkg:npm/%40babel/core@7.22.0} (the scope's '@' percent-encoded). */
    String purl() {
        String path = ecosystem == Ecosystem.NPM && name.startsWith("@") ? "%40" + name.substring(1) : name;
        return "pkg:" + ecosystem.key() + "/" + encode(path) + "@" + encode(version);
    }

    /** Percent-encodes what a package URL segment may not hold; '/' (npm scope separator) and '%40' stay. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~/%!".indexOf(c) >= 0) {
                out.append(c);
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }
}
