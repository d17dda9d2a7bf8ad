package dev.vigil.plugins.requests;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import io.helidon.dbclient.DbClient;

/**
 * Deletes what is older than the configured retention: raw records by their time, figure rows only once their
 * whole period is older. Raw records go in chunks, so that ingest never waits long behind one huge delete.
 */
final class Retention {

    static final int CHUNK = 10_000;

    /** What one run deleted. */
    record Result(Instant ranAt, Instant rawCutoff, Instant figuresCutoff, long rawDeleted, long minutesDeleted,
                  long hoursDeleted, long userHoursDeleted, long tookMs) {
    }

    private final DbClient db;
    private final Supplier<RequestsConfig> config;
    private final Clock clock;
    private final System.Logger log;
    private volatile Result last;

    Retention(DbClient db, Supplier<RequestsConfig> config, Clock clock, System.Logger log) {
        this.db = db;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    void run() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        RequestsConfig settings = config.get();
        long rawCutoff = now.minus(settings.rawRetention()).toEpochMilli();
        long figuresCutoff = now.minus(settings.retention()).toEpochMilli();
        long raw = 0;
        long deleted;
        do {
            deleted = db.execute().dml("DELETE FROM " + Schema.RAW + " WHERE id IN (SELECT id FROM " + Schema.RAW
                                               + " WHERE ts < ? LIMIT " + CHUNK + ")", rawCutoff);
            raw += deleted;
        } while (deleted >= CHUNK);
        // A period row goes once its end is at or before the cutoff: period_start + length <= cutoff.
        long minutes = db.execute().dml("DELETE FROM " + Schema.MINUTES + " WHERE period_start <= ?",
                                        figuresCutoff - Periods.MINUTE);
        long hours = db.execute().dml("DELETE FROM " + Schema.HOURS + " WHERE period_start <= ?",
                                      figuresCutoff - Periods.HOUR);
        long users = db.execute().dml("DELETE FROM " + Schema.USERS + " WHERE period_start <= ?",
                                      figuresCutoff - Periods.HOUR);
        Result result = new Result(now, Instant.ofEpochMilli(rawCutoff), Instant.ofEpochMilli(figuresCutoff), raw,
                                   minutes, hours, users, (System.nanoTime() - started) / 1_000_000);
        last = result;
        if (raw + minutes + hours + users > 0) {
            log.log(System.Logger.Level.INFO, "retention: deleted {0} raw records older than {1}, {2} minute rows, "
                    + "{3} hour rows and {4} user rows older than {5}", raw, result.rawCutoff(), minutes, hours,
                    users, result.figuresCutoff());
        }
    }

    /** The last run, or null before the first. */
    Result last() {
        return last;
    }
}
