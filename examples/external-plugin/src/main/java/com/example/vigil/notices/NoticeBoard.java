package com.example.vigil.notices;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.helidon.dbclient.DbClient;

/** The notices_items table, and nothing else. */
final class NoticeBoard {

    /** A stored notice. */
    record Notice(long id, String text, String author, Instant postedAt) {
    }

    private final DbClient db;
    private final Clock clock;

    NoticeBoard(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void post(String text, String author) {
        db.execute().dml("INSERT INTO notices_items (text, author, posted_at) VALUES (?, ?, ?)",
                         text, author, clock.millis());
    }

    List<Notice> newest(int limit) {
        // SQLite hands small integers back as Integer: read numbers through Number.
        return db.execute().query("SELECT id, text, author, posted_at FROM notices_items ORDER BY id DESC LIMIT ?",
                                  limit)
                .map(row -> new Notice(row.column("id").get(Number.class).longValue(),
                                       row.column("text").getString(),
                                       row.column("author").getString(),
                                       Instant.ofEpochMilli(row.column("posted_at").get(Number.class).longValue())))
                .toList();
    }

    /** Deletes notices posted before {@code cutoff}; answers how many went. */
    long expireBefore(Instant cutoff) {
        return db.execute().dml("DELETE FROM notices_items WHERE posted_at < ?", cutoff.toEpochMilli());
    }
}
