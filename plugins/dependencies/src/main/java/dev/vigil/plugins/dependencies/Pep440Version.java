package dev.vigil.plugins.dependencies;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version as PEP 440 orders them: {@code 1!0.5 > 2.0} (epoch first), {@code 1.0.dev1 < 1.0a1 <
 * 1.0b2 < 1.0rc1 < 1.0 < 1.0.post1 < 1.0.1}, {@code 1.0 == 1.0.0}. Spellings are normalised as pip does
 * ({@code 1.0-alpha.1} is {@code 1.0a1}, {@code 1.0-1} is {@code 1.0.post1}); a local label ({@code +ubuntu1}) does
 * not take part in the order.
 */
final class Pep440Version implements Comparable<Pep440Version> {

    // The grammar of PEP 440's appendix ("packaging" uses the same expression).
    private static final Pattern SYNTAX = Pattern.compile(
            "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
                    + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
                    + "(?<post>-(?<postN1>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?)?"
                    + "(?<dev>[-_.]?dev[-_.]?(?<devN>[0-9]+)?)?"
                    + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
            Pattern.CASE_INSENSITIVE);

    private final String text;
    private final BigInteger epoch;
    private final List<BigInteger> release;
    /** 0 alpha, 1 beta, 2 release candidate; -1 none. */
    private final int preLetter;
    private final BigInteger pre;
    private final BigInteger post;
    private final BigInteger dev;

    private Pep440Version(String text, BigInteger epoch, List<BigInteger> release, int preLetter, BigInteger pre,
                          BigInteger post, BigInteger dev) {
        this.text = text;
        this.epoch = epoch;
        this.release = release;
        this.preLetter = preLetter;
        this.pre = pre;
        this.post = post;
        this.dev = dev;
    }

    /** The version, or empty when the text is not a PEP 440 version. */
    static Optional<Pep440Version> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group("release").split("\\.")) {
            release.add(new BigInteger(part));
        }
        // 1.0 and 1.0.0 are the same release
        while (release.size() > 1 && release.getLast().signum() == 0) {
            release.removeLast();
        }
        int preLetter = -1;
        BigInteger pre = null;
        if (m.group("pre") != null) {
            preLetter = switch (m.group("preL").toLowerCase(Locale.ROOT)) {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2; // c, rc, pre, preview
            };
            pre = number(m.group("preN"));
        }
        BigInteger post = null;
        if (m.group("post") != null) {
            post = number(m.group("postN1") != null ? m.group("postN1") : m.group("postN2"));
        }
        BigInteger dev = m.group("dev") != null ? number(m.group("devN")) : null;
        return Optional.of(new Pep440Version(trimmed, number(m.group("epoch")), List.copyOf(release), preLetter, pre,
                                             post, dev));
    }

    private static BigInteger number(String digits) {
        return digits == null ? BigInteger.ZERO : new BigInteger(digits);
    }

    /** A pre-release (alpha, beta, candidate) or a development release; post releases are final releases. */
    boolean isPrerelease() {
        return pre != null || dev != null;
    }

    /**
     * The newest release among {@code candidates} a user of {@code current} would move to: pre-releases and
     * development releases only when the current version is one (pip's rule). {@code current} may be null (any user):
     * final releases only. Texts that are not PEP 440 versions are skipped.
     */
    static Optional<Pep440Version> newest(Pep440Version current, Collection<String> candidates) {
        boolean allowPre = current != null && current.isPrerelease();
        Pep440Version best = null;
        for (String candidate : candidates) {
            Optional<Pep440Version> version = parse(candidate);
            if (version.isEmpty() || version.get().isPrerelease() && !allowPre) {
                continue;
            }
            if (best == null || version.get().compareTo(best) > 0) {
                best = version.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** How far {@code current} is behind {@code latest} by the first release number that differs; empty if not. */
    static Optional<UpdateType> updateType(Pep440Version current, Pep440Version latest) {
        if (latest.compareTo(current) <= 0) {
            return Optional.empty();
        }
        if (!latest.epoch.equals(current.epoch) || !latest.part(0).equals(current.part(0))) {
            return Optional.of(UpdateType.MAJOR);
        }
        if (!latest.part(1).equals(current.part(1))) {
            return Optional.of(UpdateType.MINOR);
        }
        return Optional.of(UpdateType.PATCH);
    }

    private BigInteger part(int index) {
        return index < release.size() ? release.get(index) : BigInteger.ZERO;
    }

    @Override
    public int compareTo(Pep440Version other) {
        int order = epoch.compareTo(other.epoch);
        if (order != 0) {
            return order;
        }
        for (int i = 0; i < Math.max(release.size(), other.release.size()); i++) {
            order = part(i).compareTo(other.part(i));
            if (order != 0) {
                return order;
            }
        }
        order = Integer.compare(preRank(), other.preRank());
        if (order == 0 && pre != null && other.pre != null) {
            order = pre.compareTo(other.pre);
        }
        if (order != 0) {
            return order;
        }
        order = compareAbsentFirst(post, other.post);
        if (order != 0) {
            return order;
        }
        return compareAbsentLast(dev, other.dev);
    }

    /**
     * Where the pre-release part puts a version among the others of its release: a bare development release
     * ({@code 1.0.dev1}) before every pre-release, the pre-releases by letter, the final release after them.
     */
    private int preRank() {
        if (pre == null && post == null && dev != null) {
            return -1;
        }
        return pre == null ? 3 : preLetter;
    }

    private static int compareAbsentFirst(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static int compareAbsentLast(BigInteger a, BigInteger b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pep440Version version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return release.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
