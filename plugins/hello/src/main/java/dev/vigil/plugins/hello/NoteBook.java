package dev.vigil.plugins.hello;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.helidon.dbclient.DbClient;

/** The hello_notes table, and nothing else. */
final class NoteBook {

    /** A stored note. */
    record Note(long id, String text, String author, Instant createdAt) {
    }

    private final DbClient db;
    private final Clock clock;

    NoteBook(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void add(String text, String author) {
        db.execute().dml("INSERT INTO hello_notes (text, author, created_at) VALUES (?, ?, ?)",
                         text, author, clock.millis());
    }

    List<Note> newest(int limit) {
        return db.execute().query("SELECT id, text, author, created_at FROM hello_notes ORDER BY id DESC LIMIT ?",
                                  limit)
                .map(row -> new Note(row.column("id").get(Number.class).longValue(),
                                     row.column("text").getString(),
                                     row.column("author").getString(),
                                     Instant.ofEpochMilli(row.column("created_at").get(Number.class).longValue())))
                .toList();
    }

    long count() {
        return db.execute().get("SELECT COUNT(*) AS n FROM hello_notes")
                .map(row -> row.column("n").get(Number.class).longValue())
                .orElse(0L);
    }
}
