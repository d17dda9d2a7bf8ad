package dev.vigil.plugins.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import dev.vigil.api.http.Ranges;
import dev.vigil.api.storage.Storage;

/**
 * Stores batches of vitals: measurements are folded into per-hour counts and log buckets before they reach the
 * database (one upsert per page, metric, hour and bucket, whatever the number of page views), slow resources are
 * inserted as they are. Runs on the write queue's single thread.
 */
final class VitalsWriter implements Storage.BatchWriter<VitalRecord> {

    private static final long HOUR = 3_600_000L;

    private final IntSupplier maxPages;
    /** Pages already stored, so the page cap holds without a query per batch; null until first read. */
    private Set<PageKey> knownPages;

    VitalsWriter(IntSupplier maxPages) {
        this.maxPages = maxPages;
    }

    /** Forgets the known pages (after retention deleted some), to be read again on the next batch. */
    synchronized void forgetPages() {
        knownPages = null;
    }

    @Override
    public synchronized void write(Connection connection, List<VitalRecord> batch) throws SQLException {
        if (knownPages == null) {
            knownPages = readPages(connection);
        }
        Map<HourKey, HourTotals> hours = new HashMap<>();
        Map<BucketKey, long[]> buckets = new HashMap<>();
        try (PreparedStatement resources = connection.prepareStatement(
                "INSERT INTO dashboard_slow_resources (time, service, page, url, initiator, duration_ms, "
                        + "transfer_bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            boolean anyResource = false;
            for (VitalRecord record : batch) {
                PageKey page = capped(record.page());
                long time = record.time().toEpochMilli();
                switch (record) {
                    case VitalRecord.Measurement m -> {
                        HourKey hour = new HourKey(page, m.metric(), time - Math.floorMod(time, HOUR));
                        hours.computeIfAbsent(hour, k -> new HourTotals()).add(m.metric(), m.value());
                        buckets.computeIfAbsent(new BucketKey(hour, LogHistogram.bucketOf(m.value())),
                                                k -> new long[1])[0]++;
                    }
                    case VitalRecord.SlowResource r -> {
                        resources.setLong(1, time);
                        resources.setString(2, page.service());
                        resources.setString(3, page.page());
                        resources.setString(4, r.url());
                        resources.setString(5, r.initiator());
                        resources.setDouble(6, r.durationMs());
                        if (r.transferBytes() == null) {
                            resources.setNull(7, Types.BIGINT);
                        } else {
                            resources.setLong(7, r.transferBytes());
                        }
                        resources.addBatch();
                        anyResource = true;
                    }
                }
            }
            if (anyResource) {
                resources.executeBatch();
            }
        }
        upsertHours(connection, hours);
        upsertBuckets(connection, buckets);
    }

    private PageKey capped(PageKey page) {
        if (knownPages.contains(page)) {
            return page;
        }
        if (knownPages.size() >= maxPages.getAsInt()) {
            return new PageKey(page.service(), PageKey.OTHER);
        }
        knownPages.add(page);
        return page;
    }

    private static Set<PageKey> readPages(Connection connection) throws SQLException {
        Set<PageKey> pages = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT DISTINCT service, page FROM dashboard_vital_hours")) {
            while (rows.next()) {
                pages.add(new PageKey(rows.getString(1), rows.getString(2)));
            }
        }
        return pages;
    }

    private static void upsertHours(Connection connection, Map<HourKey, HourTotals> hours) throws SQLException {
        if (hours.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO dashboard_vital_hours (service, page, metric, hour_start, samples, total, good, "
                        + "needs_improvement, poor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (service, page, metric, hour_start) DO UPDATE SET "
                        + "samples = dashboard_vital_hours.samples + excluded.samples, "
                        + "total = dashboard_vital_hours.total + excluded.total, "
                        + "good = dashboard_vital_hours.good + excluded.good, "
                        + "needs_improvement = dashboard_vital_hours.needs_improvement + excluded.needs_improvement, "
                        + "poor = dashboard_vital_hours.poor + excluded.poor")) {
            for (Map.Entry<HourKey, HourTotals> entry : hours.entrySet()) {
                HourKey key = entry.getKey();
                HourTotals totals = entry.getValue();
                upsert.setString(1, key.page().service());
                upsert.setString(2, key.page().page());
                upsert.setString(3, key.metric().name());
                upsert.setLong(4, key.hourStart());
                upsert.setLong(5, totals.samples);
                upsert.setDouble(6, totals.total);
                upsert.setLong(7, totals.good);
                upsert.setLong(8, totals.needsImprovement);
                upsert.setLong(9, totals.poor);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void upsertBuckets(Connection connection, Map<BucketKey, long[]> buckets) throws SQLException {
        if (buckets.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO dashboard_vital_buckets (service, page, metric, hour_start, bucket, samples) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (service, page, metric, hour_start, bucket) "
                        + "DO UPDATE SET samples = dashboard_vital_buckets.samples + excluded.samples")) {
            for (Map.Entry<BucketKey, long[]> entry : buckets.entrySet()) {
                HourKey hour = entry.getKey().hour();
                upsert.setString(1, hour.page().service());
                upsert.setString(2, hour.page().page());
                upsert.setString(3, hour.metric().name());
                upsert.setLong(4, hour.hourStart());
                upsert.setInt(5, entry.getKey().bucket());
                upsert.setLong(6, entry.getValue()[0]);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private record HourKey(PageKey page, WebVital metric, long hourStart) {
    }

    private record BucketKey(HourKey hour, int bucket) {
    }

    /** Counts of one page, metric and hour within a batch. */
    private static final class HourTotals {
        long samples;
        double total;
        long good;
        long needsImprovement;
        long poor;

        void add(WebVital metric, double value) {
            samples++;
            total = Ranges.addFinite(total, value);
            String rating = metric.rate(value);
            if ("good".equals(rating)) {
                good++;
            } else if ("needs-improvement".equals(rating)) {
                needsImprovement++;
            } else if ("poor".equals(rating)) {
                poor++;
            }
        }
    }
}
