package dev.vigil.api.storage;

import java.util.List;
import java.util.Objects;

/**
 * One schema change of a plugin: applied once, in version order, in one transaction, and recorded with a
 * checksum. Changing a migration that has been applied is refused at start; add a new version instead.
 * Table and index names must start with {@code <plugin-id>_}.
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        Objects.requireNonNull(description, "description");
        statements = List.copyOf(statements);
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1: " + version);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("migration " + version + " has no statements");
        }
    }

    public static Migration of(int version, String description, String... statements) {
        return new Migration(version, description, List.of(statements));
    }
}
