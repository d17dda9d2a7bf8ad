package dev.vigil.api.http;

/** What a route requires of its caller's token. */
public enum Role {
    /** No token: only for static assets and browser scripts. */
    PUBLIC,
    /** Write events only. */
    INGEST,
    /** Read everything. */
    VIEWER,
    /** Everything. */
    ADMIN;

    /** Whether a caller holding this role may call a route that requires {@code required}. */
    public boolean allows(Role required) {
        return switch (required) {
            case PUBLIC -> true;
            case INGEST -> this == INGEST || this == ADMIN;
            case VIEWER -> this == VIEWER || this == ADMIN;
            case ADMIN -> this == ADMIN;
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
