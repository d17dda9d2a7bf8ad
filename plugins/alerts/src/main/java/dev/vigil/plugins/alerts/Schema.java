package dev.vigil.plugins.alerts;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The plugin's tables. Times are epoch milliseconds; labels are JSON with sorted keys (see {@link Series#key}). */
final class Schema {

    private Schema() {
    }

    static List<Migration> migrations() {
        return List.of(Migration.of(1, "rules, alerts, history, silences, deliveries, baselines, signal minutes",
                // Rules made through the API; file rules live in the config file.
                "CREATE TABLE alerts_rules (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at BIGINT NOT NULL, "
                        + "updated_by TEXT NOT NULL)",
                "CREATE TABLE alerts_alerts (id ${ID}, rule TEXT NOT NULL, labels TEXT NOT NULL, signal TEXT NOT NULL, "
                        + "severity TEXT NOT NULL, status TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, "
                        + "threshold DOUBLE PRECISION NOT NULL, message TEXT NOT NULL, started_at BIGINT NOT NULL, "
                        + "updated_at BIGINT NOT NULL, escalated_at BIGINT, acknowledged_at BIGINT, "
                        + "acknowledged_by TEXT, resolved_at BIGINT, resolved_by TEXT)",
                // The database itself guarantees one active alert per rule and label set, even with two nodes.
                "CREATE UNIQUE INDEX alerts_alerts_one_active ON alerts_alerts (rule, labels) WHERE status = 'active'",
                // Listing and reports select by start time; cooldowns look up the last resolution of a key.
                "CREATE INDEX alerts_alerts_started ON alerts_alerts (started_at)",
                "CREATE INDEX alerts_alerts_key ON alerts_alerts (rule, labels, resolved_at)",
                "CREATE TABLE alerts_history (id ${ID}, alert_id BIGINT NOT NULL, time BIGINT NOT NULL, "
                        + "change TEXT NOT NULL, severity TEXT NOT NULL, value DOUBLE PRECISION, actor TEXT NOT NULL, "
                        + "comment TEXT)",
                "CREATE INDEX alerts_history_alert ON alerts_history (alert_id, time)",
                "CREATE TABLE alerts_silences (id ${ID}, matchers TEXT NOT NULL, starts_at BIGINT NOT NULL, "
                        + "until_at BIGINT NOT NULL, comment TEXT NOT NULL, created_by TEXT NOT NULL, "
                        + "created_at BIGINT NOT NULL, lifted_at BIGINT, lifted_by TEXT)",
                "CREATE TABLE alerts_deliveries (id ${ID}, alert_id BIGINT NOT NULL, change TEXT NOT NULL, "
                        + "channel TEXT NOT NULL, attempt INTEGER NOT NULL, time BIGINT NOT NULL, outcome TEXT NOT NULL, "
                        + "status_code INTEGER, duration_ms DOUBLE PRECISION, error TEXT)",
                "CREATE INDEX alerts_deliveries_time ON alerts_deliveries (time)",
                "CREATE INDEX alerts_deliveries_alert ON alerts_deliveries (alert_id)",
                "CREATE TABLE alerts_baselines (signal TEXT NOT NULL, labels TEXT NOT NULL, "
                        + "mean DOUBLE PRECISION NOT NULL, stddev DOUBLE PRECISION NOT NULL, "
                        + "p95 DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL, "
                        + "points INTEGER NOT NULL, window_start BIGINT NOT NULL, window_end BIGINT NOT NULL, "
                        + "established_at BIGINT NOT NULL, established_by TEXT NOT NULL, PRIMARY KEY (signal, labels))",
                // Per-minute summaries of chosen signals: trends and baselines over more than the kernel keeps.
                "CREATE TABLE alerts_signal_minutes (signal TEXT NOT NULL, labels TEXT NOT NULL, minute BIGINT NOT NULL, "
                        + "avg DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL, max DOUBLE PRECISION NOT NULL, "
                        + "points INTEGER NOT NULL, PRIMARY KEY (signal, labels, minute))",
                "CREATE INDEX alerts_signal_minutes_minute ON alerts_signal_minutes (minute)"),
                Migration.of(2, "channels made through the API",
                        // File channels live in the config file; the body is the channel's validated JSON, secrets
                        // included, in the server's private data directory.
                        "CREATE TABLE alerts_channels (name TEXT PRIMARY KEY, body TEXT NOT NULL, "
                                + "updated_at BIGINT NOT NULL, updated_by TEXT NOT NULL)"));
    }
}
