package dev.vigil.plugins.dependencies;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An npm package version, ordered by Semantic Versioning 2.0: {@code 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-beta.2 <
 * 1.0.0-rc.1 < 1.0.0 < 1.0.1}; numeric pre-release identifiers compare as numbers, below alphanumeric ones; build
 * metadata ({@code +sha.1}) does not take part in the order. A leading {@code v} is accepted, as npm does.
 */
final class SemVersion implements Comparable<SemVersion> {

    private static final Pattern SYNTAX = Pattern.compile(
            "[v=]?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");

    private final String text;
    private final BigInteger major;
    private final BigInteger minor;
    private final BigInteger patch;
    private final List<String> prerelease;

    private SemVersion(String text, BigInteger major, BigInteger minor, BigInteger patch, List<String> prerelease) {
        this.text = text;
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.prerelease = prerelease;
    }

    /** The version, or empty when the text is not a semantic version. */
    static Optional<SemVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> prerelease = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new SemVersion(trimmed, new BigInteger(m.group(1)), new BigInteger(m.group(2)),
                                          new BigInteger(m.group(3)), prerelease));
    }

    boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /**
     * The newest release a user of {@code current} would move to. The registry's {@code latest} tag is preferred (it
     * is what {@code npm install} picks; a maintainer may point it below a newer major), else the highest final
     * release. Pre-releases count only for a user already on a pre-release of the same major.minor.patch (npm's own
     * range rule), so {@code 19.0.0-rc.0} moves to {@code 19.0.0-rc.1} or {@code 19.0.0}, never to a canary of 20.
     * {@code current} may be null (any user): final releases only.
     */
    static Optional<SemVersion> newest(SemVersion current, String taggedLatest, Collection<String> candidates) {
        SemVersion best = parse(taggedLatest).filter(tagged -> !tagged.isPrerelease()).orElse(null);
        boolean tagged = best != null;
        for (String candidate : candidates) {
            Optional<SemVersion> parsed = parse(candidate);
            if (parsed.isEmpty()) {
                continue;
            }
            SemVersion version = parsed.get();
            boolean eligible = !version.isPrerelease()
                    ? !tagged
                    : current != null && current.isPrerelease() && version.sameRelease(current);
            if (eligible && (best == null || version.compareTo(best) > 0)) {
                best = version;
            }
        }
        return Optional.ofNullable(best);
    }

    private boolean sameRelease(SemVersion other) {
        return major.equals(other.major) && minor.equals(other.minor) && patch.equals(other.patch);
    }

    /** How far {@code current} is behind {@code latest} by the first number that differs; empty if not behind. */
    static Optional<UpdateType> updateType(SemVersion current, SemVersion latest) {
        if (latest.compareTo(current) <= 0) {
            return Optional.empty();
        }
        if (!latest.major.equals(current.major)) {
            return Optional.of(UpdateType.MAJOR);
        }
        if (!latest.minor.equals(current.minor)) {
            return Optional.of(UpdateType.MINOR);
        }
        return Optional.of(UpdateType.PATCH);
    }

    @Override
    public int compareTo(SemVersion other) {
        int order = major.compareTo(other.major);
        if (order == 0) {
            order = minor.compareTo(other.minor);
        }
        if (order == 0) {
            order = patch.compareTo(other.patch);
        }
        if (order != 0) {
            return order;
        }
        if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
            // a final release is above its pre-releases
            return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), other.prerelease.size()); i++) {
            order = compareIdentifiers(prerelease.get(i), other.prerelease.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(prerelease.size(), other.prerelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean numericA = NUMERIC.matcher(a).matches();
        boolean numericB = NUMERIC.matcher(b).matches();
        if (numericA && numericB) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SemVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return major.hashCode() * 31 + minor.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
