package dev.vigil.plugins.dependencies;

import java.util.Locale;

/** The package world a component comes from, read from its package URL's type. */
enum Ecosystem {
    MAVEN("maven"), PYPI("pypi"), NPM("npm"), OTHER(null);

    private final String purlType;

    Ecosystem(String purlType) {
        this.purlType = purlType;
    }

    /** {@code pkg:pypi/django@4.2.1} is PYPI; no package URL, or a type we do not know, is OTHER. */
    static Ecosystem ofPurl(String purl) {
        if (purl == null || !purl.startsWith("pkg:")) {
            return OTHER;
        }
        int slash = purl.indexOf('/', 4);
        if (slash < 0) {
            return OTHER;
        }
        String type = purl.substring(4, slash).toLowerCase(Locale.ROOT);
        for (Ecosystem ecosystem : values()) {
            if (type.equals(ecosystem.purlType)) {
                return ecosystem;
            }
        }
        return OTHER;
    }

    /** The lower-case name used in the API and the config ({@code maven}, {@code pypi}, {@code npm}, {@code other}). */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
