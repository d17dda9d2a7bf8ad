package dev.vigil.plugins.dashboard;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The dashboard's tables: per-page vitals by the hour (counts and log buckets) and slow resources. */
final class DashboardSchema {

    private DashboardSchema() {
    }

    static List<Migration> migrations() {
        return List.of(Migration.of(
                1, "per-page vitals by the hour, their histogram buckets, slow resources",
                "CREATE TABLE dashboard_vital_hours (service TEXT NOT NULL, page TEXT NOT NULL, metric TEXT NOT NULL, "
                        + "hour_start BIGINT NOT NULL, samples BIGINT NOT NULL, total DOUBLE PRECISION NOT NULL, "
                        + "good BIGINT NOT NULL, needs_improvement BIGINT NOT NULL, poor BIGINT NOT NULL, "
                        + "PRIMARY KEY (service, page, metric, hour_start))",
                // Range scans over all pages ("the last 24 hours") and retention read by hour first.
                "CREATE INDEX dashboard_vital_hours_hour_idx ON dashboard_vital_hours (hour_start)",
                // One row per non-empty log bucket: counts add up under ON CONFLICT, so any node can write.
                "CREATE TABLE dashboard_vital_buckets (service TEXT NOT NULL, page TEXT NOT NULL, "
                        + "metric TEXT NOT NULL, hour_start BIGINT NOT NULL, bucket INTEGER NOT NULL, "
                        + "samples BIGINT NOT NULL, PRIMARY KEY (service, page, metric, hour_start, bucket))",
                "CREATE INDEX dashboard_vital_buckets_hour_idx ON dashboard_vital_buckets (hour_start)",
                "CREATE TABLE dashboard_slow_resources (id ${ID}, time BIGINT NOT NULL, service TEXT NOT NULL, "
                        + "page TEXT NOT NULL, url TEXT NOT NULL, initiator TEXT NOT NULL, "
                        + "duration_ms DOUBLE PRECISION NOT NULL, transfer_bytes BIGINT)",
                // The resources page lists the newest hours; retention deletes the oldest.
                "CREATE INDEX dashboard_slow_resources_time_idx ON dashboard_slow_resources (time)"));
    }
}
