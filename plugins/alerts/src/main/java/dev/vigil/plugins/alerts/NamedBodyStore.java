package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.vigil.api.storage.Storage;

/**
 * A table of definitions made through the API, each stored by name as its validated JSON with who stored it when:
 * {@code alerts_rules} for rules, {@code alerts_channels} for channels. A channel's JSON holds its secrets as they
 * are (they must be sent); the database lives in the server's private data directory.
 */
final class NamedBodyStore {

    /** A stored body and who stored it. */
    record StoredBody(String name, String body, Instant updatedAt, String updatedBy) {
    }

    /** The table name goes into the SQL text: only one of ours, never anything from a request. */
    private static final Pattern TABLE = Pattern.compile("alerts_[a-z_]+");

    private final Storage storage;
    private final String table;

    /** {@code table} has the columns name (primary key), body, updated_at and updated_by. */
    NamedBodyStore(Storage storage, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not an alerts table: " + table);
        }
        this.storage = storage;
        this.table = table;
    }

    /** Inserts or replaces; true when the name was new. */
    boolean put(String name, String body, String actor, Instant at) {
        boolean existed = storage.db().execute().get("SELECT name FROM " + table + " WHERE name = ?", name)
                .isPresent();
        storage.db().execute().dml("INSERT INTO " + table + " (name, body, updated_at, updated_by) "
                                           + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                           + "body = excluded.body, updated_at = excluded.updated_at, "
                                           + "updated_by = excluded.updated_by",
                                   name, body, at.toEpochMilli(), actor);
        return !existed;
    }

    boolean delete(String name) {
        return storage.db().execute().dml("DELETE FROM " + table + " WHERE name = ?", name) > 0;
    }

    List<StoredBody> all() {
        return storage.db().execute()
                .query("SELECT name, body, updated_at, updated_by FROM " + table + " ORDER BY name")
                .map(row -> new StoredBody(row.column("name").getString(), row.column("body").getString(),
                                           AlertStore.instant(row, "updated_at"),
                                           row.column("updated_by").getString()))
                .toList();
    }
}
