package dev.vigil.plugins.errors;

import java.util.Locale;

/** A group's status. A new occurrence of a RESOLVED group makes it UNRESOLVED again (a regression). */
enum GroupStatus {
    UNRESOLVED, RESOLVED, IGNORED;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static GroupStatus of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
