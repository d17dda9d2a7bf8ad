package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.storage.Storage;

/**
 * The alerts_channels table: channels made through the API, stored as their validated JSON. That JSON holds the
 * channel's secrets as they are (they must be sent); the database lives in the server's private data directory.
 */
final class ChannelStore {

    /** A stored channel body and who stored it. */
    record StoredChannel(String name, String body, Instant updatedAt, String updatedBy) {
    }

    private final Storage storage;

    ChannelStore(Storage storage) {
        this.storage = storage;
    }

    /** Inserts or replaces; true when the name was new. */
    boolean put(String name, String body, String actor, Instant at) {
        boolean existed = storage.db().execute().get("SELECT name FROM alerts_channels WHERE name = ?", name)
                .isPresent();
        storage.db().execute().dml("INSERT INTO alerts_channels (name, body, updated_at, updated_by) "
                                           + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                                           + "body = excluded.body, updated_at = excluded.updated_at, "
                                           + "updated_by = excluded.updated_by",
                                   name, body, at.toEpochMilli(), actor);
        return !existed;
    }

    boolean delete(String name) {
        return storage.db().execute().dml("DELETE FROM alerts_channels WHERE name = ?", name) > 0;
    }

    List<StoredChannel> all() {
        return storage.db().execute()
                .query("SELECT name, body, updated_at, updated_by FROM alerts_channels ORDER BY name")
                .map(row -> new StoredChannel(row.column("name").getString(), row.column("body").getString(),
                                              AlertStore.instant(row, "updated_at"),
                                              row.column("updated_by").getString()))
                .toList();
    }
}
