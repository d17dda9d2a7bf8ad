package dev.vigil.plugins.dependencies;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.vigil.api.storage.Migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** Which vulnerability sources each scan consulted (JSON); null for scans recorded before. */
    static final Migration SOURCES = Migration.of(3, "vulnerability sources per scan",
            "ALTER TABLE dependencies_scans ADD COLUMN vulnerability_sources TEXT");

    /** Licence findings per scan (after the registry answers table, migration 4). */
    static final Migration LICENSE_FINDINGS = Migration.of(5, "licence findings in the history of scans",
            "ALTER TABLE dependencies_scans ADD COLUMN license_findings INTEGER NOT NULL DEFAULT 0");

    private static final TypeReference<List<VulnerabilitySource>> SOURCE_LIST = new TypeReference<>() {
    };

    /**
     * One finished scan.
     *
     * @param scope      FULL (everything the config names) or PLUGIN (plugin files that arrived)
     * @param cause      what started it: the schedule, an admin's request, a plugin file
     * @param healthScore null when vulnerabilities were not checked
     * @param vulnerabilitySources each source of vulnerabilities, checked or not and why (empty for older scans)
     * @param licenseFindings distinct library versions whose licence {@code licenses.deny} matched
     */
    record Scan(long id, String jobId, String scope, String cause, Instant startedAt, Instant finishedAt, int targets,
                int components, boolean vulnerabilitiesChecked, int critical, int high, int medium, int low,
                int unknownSeverity, int outdated, Integer healthScore, String dataProblem,
                List<VulnerabilitySource> vulnerabilitySources, int licenseFindings) {

        Scan {
            vulnerabilitySources = vulnerabilitySources == null ? List.of() : List.copyOf(vulnerabilitySources);
        }

        @JsonProperty("duration_ms")
        long durationMs() {
            return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }

    private final DbClient db;
    private final ObjectMapper json;

    ScanHistory(DbClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    void add(Scan scan, int keep) {
        db.execute().dml("INSERT INTO dependencies_scans (job_id, scope, cause, started_at, finished_at, targets, "
                                 + "components, vulnerabilities_checked, critical, high, medium, low, "
                                 + "unknown_severity, outdated, health_score, data_problem, vulnerability_sources, "
                                 + "license_findings) "
                                 + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         scan.jobId(), scan.scope(), scan.cause(), scan.startedAt().toEpochMilli(),
                         scan.finishedAt().toEpochMilli(), scan.targets(), scan.components(),
                         scan.vulnerabilitiesChecked() ? 1 : 0, scan.critical(), scan.high(), scan.medium(), scan.low(),
                         scan.unknownSeverity(), scan.outdated(), scan.healthScore(), scan.dataProblem(),
                         write(scan.vulnerabilitySources()), scan.licenseFindings());
        db.execute().dml("DELETE FROM dependencies_scans WHERE id NOT IN "
                                 + "(SELECT id FROM dependencies_scans ORDER BY started_at DESC, id DESC LIMIT ?)", keep);
    }

    List<Scan> newest(int limit) {
        return db.execute().query("SELECT * FROM dependencies_scans ORDER BY started_at DESC, id DESC LIMIT ?", limit)
                .map(this::read).toList();
    }

    Optional<Scan> newestFull() {
        return db.execute().get("SELECT * FROM dependencies_scans WHERE scope = 'FULL' "
                                        + "ORDER BY started_at DESC, id DESC LIMIT 1")
                .map(this::read);
    }

    private Scan read(DbRow row) {
        return new Scan(number(row, "id"), text(row, "job_id"), text(row, "scope"), text(row, "cause"),
                        Instant.ofEpochMilli(number(row, "started_at")),
                        Instant.ofEpochMilli(number(row, "finished_at")), (int) number(row, "targets"),
                        (int) number(row, "components"), number(row, "vulnerabilities_checked") == 1,
                        (int) number(row, "critical"), (int) number(row, "high"), (int) number(row, "medium"),
                        (int) number(row, "low"), (int) number(row, "unknown_severity"), (int) number(row, "outdated"),
                        optionalInt(row, "health_score"),
                        text(row, "data_problem"), sources(text(row, "vulnerability_sources")),
                        (int) number(row, "license_findings"));
    }

    private String write(List<VulnerabilitySource> sources) {
        try {
            return json.writeValueAsString(sources);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the vulnerability sources as JSON: " + e.getMessage(), e);
        }
    }

    private List<VulnerabilitySource> sources(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, SOURCE_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored vulnerability sources are not valid JSON: " + e.getMessage(), e);
        }
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
