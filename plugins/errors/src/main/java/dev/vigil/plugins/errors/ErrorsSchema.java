package dev.vigil.plugins.errors;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The plugin's tables. Times are epoch milliseconds. */
final class ErrorsSchema {

    private ErrorsSchema() {
    }

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "error groups, occurrences, history, counts",
            // One row per distinct problem; (service, fingerprint) is what an occurrence is matched on.
            "CREATE TABLE errors_groups (id ${ID}, service TEXT NOT NULL, fingerprint TEXT NOT NULL, "
                    + "grouped_by TEXT NOT NULL, exception_type TEXT NOT NULL, message TEXT, culprit TEXT, "
                    + "level_rank INTEGER NOT NULL, status TEXT NOT NULL, regressed INTEGER NOT NULL, "
                    + "first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, event_count BIGINT NOT NULL, "
                    + "status_changed_at BIGINT NOT NULL, status_changed_by TEXT NOT NULL, resolved_at BIGINT, "
                    + "UNIQUE (service, fingerprint))",
            // The group list's default order and the retention sweep.
            "CREATE INDEX errors_groups_last_seen ON errors_groups (last_seen)",
            "CREATE INDEX errors_groups_status_last_seen ON errors_groups (status, last_seen)",
            // Distinct users, endpoints, levels, releases and environments of a group, with counts.
            "CREATE TABLE errors_group_values (group_id BIGINT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, "
                    + "event_count BIGINT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, "
                    + "PRIMARY KEY (group_id, kind, value))",
            // Retention deletes values not seen for the retention period.
            "CREATE INDEX errors_group_values_last_seen ON errors_group_values (last_seen)",
            // The newest full occurrences of each group (bounded per group by the writer).
            "CREATE TABLE errors_occurrences (id ${ID}, group_id BIGINT NOT NULL, occurred_at BIGINT NOT NULL, "
                    + "received_at BIGINT NOT NULL, level TEXT NOT NULL, exception_type TEXT NOT NULL, message TEXT, "
                    + "exceptions TEXT NOT NULL, raw_stack TEXT, endpoint TEXT, request_id TEXT, user_id TEXT, "
                    + "user_agent TEXT, client_ip TEXT, release_name TEXT, environment TEXT, context TEXT)",
            "CREATE INDEX errors_occurrences_group ON errors_occurrences (group_id, id)",
            "CREATE INDEX errors_occurrences_occurred ON errors_occurrences (occurred_at)",
            // Status changes with who and when, regressions, creation.
            "CREATE TABLE errors_history (id ${ID}, group_id BIGINT NOT NULL, changed_at BIGINT NOT NULL, "
                    + "entry_type TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT)",
            "CREATE INDEX errors_history_group ON errors_history (group_id, id)",
            // The summary counts regressions in a time window.
            "CREATE INDEX errors_history_type_changed ON errors_history (entry_type, changed_at)",
            // Events per minute, service and level, by occurrence time: the summary's totals and timeline.
            "CREATE TABLE errors_minutes (minute BIGINT NOT NULL, service TEXT NOT NULL, level TEXT NOT NULL, "
                    + "events BIGINT NOT NULL, PRIMARY KEY (minute, service, level))",
            // Events per group and hour: a group's timeline and the summary's top groups of a window.
            "CREATE TABLE errors_group_hours (group_id BIGINT NOT NULL, hour BIGINT NOT NULL, events BIGINT NOT NULL, "
                    + "PRIMARY KEY (group_id, hour))",
            "CREATE INDEX errors_group_hours_hour ON errors_group_hours (hour)"),
            // The distributed trace an occurrence happened in, so that it links to the kept trace.
            Migration.of(2, "trace id of occurrences", "ALTER TABLE errors_occurrences ADD COLUMN trace_id TEXT"));
}
