package dev.vigil.plugins.dependencies;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A Maven version, compared the way Maven orders them (a simplified {@code ComparableVersion}): numbers
 * numerically, {@code 1.0-alpha < 1.0-beta < 1.0-rc < 1.0-SNAPSHOT < 1.0 = 1.0.Final < 1.0-sp < 1.0.1}, and unknown
 * qualifiers ({@code -jre}, {@code -android}) after the known ones, alphabetically.
 */
final class MavenVersion implements Comparable<MavenVersion> {

    private static final List<String> QUALIFIER_ORDER = List.of("alpha", "beta", "milestone", "rc", "snapshot", "",
                                                                "sp");
    private static final Set<String> UNSTABLE = Set.of("alpha", "beta", "milestone", "rc", "snapshot", "preview",
                                                       "ea", "dev", "pre", "nightly");
    /** Versions such as commons-collections' {@code 20040616} sort above every real release. */
    private static final BigInteger DATE_LIKE = BigInteger.valueOf(10_000_000);

    private final String text;
    private final List<Object> items;

    private MavenVersion(String text, List<Object> items) {
        this.text = text;
        this.items = items;
    }

    static MavenVersion parse(String text) {
        String trimmed = text.trim();
        List<Object> items = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        Boolean digits = null;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '.' || c == '-' || c == '_' || c == '+') {
                flush(token, items);
                digits = null;
                continue;
            }
            boolean digit = Character.isDigit(c);
            if (digits != null && digits != digit) {
                flush(token, items);
            }
            digits = digit;
            token.append(c);
        }
        flush(token, items);
        // Trailing zeros and release markers carry no order: 1.0.0 equals 1 and 1.0.Final.
        while (!items.isEmpty() && (BigInteger.ZERO.equals(items.getLast()) || "".equals(items.getLast()))) {
            items.removeLast();
        }
        return new MavenVersion(trimmed, List.copyOf(items));
    }

    private static void flush(StringBuilder token, List<Object> items) {
        if (token.isEmpty()) {
            return;
        }
        String value = token.toString();
        token.setLength(0);
        if (Character.isDigit(value.charAt(0))) {
            items.add(new BigInteger(value));
        } else {
            items.add(normalise(value.toLowerCase(Locale.ROOT)));
        }
    }

    private static String normalise(String qualifier) {
        return switch (qualifier) {
            case "a" -> "alpha";
            case "b" -> "beta";
            case "m" -> "milestone";
            case "cr" -> "rc";
            case "ga", "final", "release" -> "";
            default -> qualifier;
        };
    }

    /** A release for production: no alpha, beta, milestone, release candidate, snapshot or preview marker. */
    boolean isStable() {
        return items.stream().noneMatch(item -> item instanceof String qualifier && UNSTABLE.contains(qualifier));
    }

    boolean isDateLike() {
        return !items.isEmpty() && items.getFirst() instanceof BigInteger first && first.compareTo(DATE_LIKE) >= 0;
    }

    /**
     * The newest stable release among {@code candidates} that a user of {@code current} would move to: date-stamped
     * versions are skipped unless the current version is one.
     */
    static Optional<MavenVersion> newestRelease(MavenVersion current, Collection<String> candidates) {
        MavenVersion best = null;
        for (String candidate : candidates) {
            if (candidate == null || candidate.isBlank()) {
                continue;
            }
            MavenVersion version = parse(candidate);
            if (!version.isStable() || version.isDateLike() && !current.isDateLike()) {
                continue;
            }
            if (best == null || version.compareTo(best) > 0) {
                best = version;
            }
        }
        return Optional.ofNullable(best);
    }

    /** How far {@code current} is behind {@code latest}; empty when it is not behind. */
    static Optional<UpdateType> updateType(MavenVersion current, MavenVersion latest) {
        if (latest.compareTo(current) <= 0) {
            return Optional.empty();
        }
        if (!latest.number(0).equals(current.number(0))) {
            return Optional.of(UpdateType.MAJOR);
        }
        if (!latest.number(1).equals(current.number(1))) {
            return Optional.of(UpdateType.MINOR);
        }
        return Optional.of(UpdateType.PATCH);
    }

    /** The numeric part at {@code index} (major 0, minor 1), 0 when absent or not a number. */
    private BigInteger number(int index) {
        return index < items.size() && items.get(index) instanceof BigInteger n ? n : BigInteger.ZERO;
    }

    @Override
    public int compareTo(MavenVersion other) {
        int length = Math.max(items.size(), other.items.size());
        for (int i = 0; i < length; i++) {
            int order = compareItems(i < items.size() ? items.get(i) : null,
                                     i < other.items.size() ? other.items.get(i) : null);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** A missing item counts as 0 against a number and as a plain release against a qualifier. */
    private static int compareItems(Object left, Object right) {
        if (left instanceof BigInteger a && right instanceof BigInteger b) {
            return a.compareTo(b);
        }
        if (left instanceof BigInteger a) {
            return right == null ? a.signum() : 1;
        }
        if (right instanceof BigInteger b) {
            return left == null ? -b.signum() : -1;
        }
        return compareQualifiers(left == null ? "" : (String) left, right == null ? "" : (String) right);
    }

    private static int compareQualifiers(String left, String right) {
        int a = QUALIFIER_ORDER.indexOf(left);
        int b = QUALIFIER_ORDER.indexOf(right);
        if (a >= 0 && b >= 0) {
            return Integer.compare(a, b);
        }
        if (a >= 0) {
            return -1;
        }
        if (b >= 0) {
            return 1;
        }
        return left.compareTo(right);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MavenVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
