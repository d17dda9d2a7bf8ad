package dev.vigil.plugins.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;

/** The alerts_silences table. */
final class SilenceStore {

    private static final String COLUMNS = "id, matchers, starts_at, until_at, comment, created_by, created_at, "
            + "lifted_at, lifted_by";

    private final Storage storage;
    private final ObjectMapper mapper;

    SilenceStore(Storage storage, ObjectMapper mapper) {
        this.storage = storage;
        this.mapper = mapper;
    }

    Silence add(Map<String, String> matchers, Instant startsAt, Instant until, String comment, String createdBy,
                Instant now) {
        long id = storage.db().execute().get("INSERT INTO alerts_silences (matchers, starts_at, until_at, comment, "
                                                     + "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                             Series.key(mapper, matchers), startsAt.toEpochMilli(),
                                             until.toEpochMilli(), comment, createdBy, now.toEpochMilli())
                .map(row -> AlertStore.number(row, "id")).orElseThrow();
        return find(id).orElseThrow();
    }

    Optional<Silence> find(long id) {
        return storage.db().execute().get("SELECT " + COLUMNS + " FROM alerts_silences WHERE id = ?", id)
                .map(this::silence);
    }

    /** Silences in force at {@code now}. */
    List<Silence> activeAt(Instant now) {
        return storage.db().execute().query("SELECT " + COLUMNS + " FROM alerts_silences WHERE lifted_at IS NULL "
                                                    + "AND starts_at <= ? AND until_at > ? ORDER BY id",
                                            now.toEpochMilli(), now.toEpochMilli()).map(this::silence).toList();
    }

    /** Every silence ending after {@code since} (in force, future or recently over), newest first. */
    List<Silence> endingAfter(Instant since) {
        return storage.db().execute().query("SELECT " + COLUMNS + " FROM alerts_silences WHERE until_at > ? "
                                                    + "ORDER BY id DESC", since.toEpochMilli())
                .map(this::silence).toList();
    }

    /** Ends a silence now; false when it was already lifted. */
    boolean lift(long id, String actor, Instant now) {
        return storage.db().execute().dml("UPDATE alerts_silences SET lifted_at = ?, lifted_by = ? WHERE id = ? "
                                                  + "AND lifted_at IS NULL", now.toEpochMilli(), actor, id) > 0;
    }

    long deleteEndedBefore(Instant before) {
        return storage.db().execute().dml("DELETE FROM alerts_silences WHERE until_at < ?", before.toEpochMilli());
    }

    private Silence silence(DbRow row) {
        return new Silence(AlertStore.number(row, "id"), Series.parse(mapper, row.column("matchers").getString()),
                           AlertStore.instant(row, "starts_at"), AlertStore.instant(row, "until_at"),
                           row.column("comment").getString(), row.column("created_by").getString(),
                           AlertStore.instant(row, "created_at"), AlertStore.instant(row, "lifted_at"),
                           AlertStore.string(row, "lifted_by"));
    }
}
