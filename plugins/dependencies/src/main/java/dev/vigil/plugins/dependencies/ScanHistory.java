package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.vigil.api.storage.Migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** The dependencies_scans table: one row per finished scan with the report's totals after it, newest kept. */
final class ScanHistory {

    static final Migration TABLE = Migration.of(2, "history of scans",
            "CREATE TABLE dependencies_scans (id ${ID}, job_id TEXT, scope TEXT NOT NULL, cause TEXT NOT NULL, "
                    + "started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL, targets INTEGER NOT NULL, "
                    + "components INTEGER NOT NULL, vulnerabilities_checked INTEGER NOT NULL, "
                    + "critical INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL, "
                    + "low INTEGER NOT NULL, unknown_severity INTEGER NOT NULL, outdated INTEGER NOT NULL, "
                    + "health_score INTEGER, data_problem TEXT)",
            // the report reads the newest full scan; trimming reads the oldest
            "CREATE INDEX dependencies_scans_started ON dependencies_scans (started_at)");
    static final Migration LICENSE_FINDINGS = Migration.of(4, "licence findings in the history of scans",
            "ALTER TABLE dependencies_scans ADD COLUMN license_findings INTEGER NOT NULL DEFAULT 0");

    /**
     * One finished scan.
     *
     * @param scope      FULL (everything the config names) or PLUGIN (plugin files that arrived)
     * @param cause      what started it: the schedule, an admin's request, a plugin file
     * @param healthScore null when vulnerabilities were not checked
     * @param licenseFindings distinct library versions whose licence {@code licenses.deny} matched
     */
    record Scan(long id, String jobId, String scope, String cause, Instant startedAt, Instant finishedAt, int targets,
                int components, boolean vulnerabilitiesChecked, int critical, int high, int medium, int low,
                int unknownSeverity, int outdated, Integer healthScore, String dataProblem, int licenseFindings) {

        @JsonProperty("duration_ms")
        long durationMs() {
            return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }

    private final DbClient db;

    ScanHistory(DbClient db) {
        this.db = db;
    }

    void add(Scan scan, int keep) {
        db.execute().dml("INSERT INTO dependencies_scans (job_id, scope, cause, started_at, finished_at, targets, "
                                 + "components, vulnerabilities_checked, critical, high, medium, low, "
                                 + "unknown_severity, outdated, health_score, data_problem, license_findings) "
                                 + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         scan.jobId(), scan.scope(), scan.cause(), scan.startedAt().toEpochMilli(),
                         scan.finishedAt().toEpochMilli(), scan.targets(), scan.components(),
                         scan.vulnerabilitiesChecked() ? 1 : 0, scan.critical(), scan.high(), scan.medium(), scan.low(),
                         scan.unknownSeverity(), scan.outdated(), scan.healthScore(), scan.dataProblem(),
                         scan.licenseFindings());
        db.execute().dml("DELETE FROM dependencies_scans WHERE id NOT IN "
                                 + "(SELECT id FROM dependencies_scans ORDER BY started_at DESC, id DESC LIMIT ?)", keep);
    }

    List<Scan> newest(int limit) {
        return db.execute().query("SELECT * FROM dependencies_scans ORDER BY started_at DESC, id DESC LIMIT ?", limit)
                .map(ScanHistory::read).toList();
    }

    Optional<Scan> newestFull() {
        return db.execute().get("SELECT * FROM dependencies_scans WHERE scope = 'FULL' "
                                        + "ORDER BY started_at DESC, id DESC LIMIT 1")
                .map(ScanHistory::read);
    }

    private static Scan read(DbRow row) {
        return new Scan(number(row, "id"), text(row, "job_id"), text(row, "scope"), text(row, "cause"),
                        Instant.ofEpochMilli(number(row, "started_at")),
                        Instant.ofEpochMilli(number(row, "finished_at")), (int) number(row, "targets"),
                        (int) number(row, "components"), number(row, "vulnerabilities_checked") == 1,
                        (int) number(row, "critical"), (int) number(row, "high"), (int) number(row, "medium"),
                        (int) number(row, "low"), (int) number(row, "unknown_severity"), (int) number(row, "outdated"),
                        optionalInt(row, "health_score"),
                        text(row, "data_problem"), (int) number(row, "license_findings"));
    }

    private static String text(DbRow row, String column) {
        // get() answers null for SQL NULL (asOptional() throws on it)
        return row.column(column).get(String.class);
    }

    private static Integer optionalInt(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : value.intValue();
    }

    private static long number(DbRow row, String column) {
        return row.column(column).get(Number.class).longValue();
    }
}
