package dev.vigil.plugins.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * Per-page vitals over a range, read from the hourly counts and buckets: the 75th percentile of each metric (as
 * Web Vitals judges a page), the share of good / needs-improvement / poor views, and hourly series for one page.
 */
final class VitalsReader {

    private static final long HOUR = 3_600_000L;

    private final DbClient db;

    VitalsReader(DbClient db) {
        this.db = db;
    }

    /** One metric's figures over a range. */
    record MetricFigures(String title, String unit, long samples, double p75, double avg, String rating,
                         Double goodPercent, Double needsImprovementPercent, Double poorPercent) {
    }

    /** One page's figures. */
    record PageFigures(String service, String page, long views, Map<String, MetricFigures> metrics) {
    }

    /** One hour of one metric of one page. */
    record HourPoint(Instant time, long samples, double p75) {
    }

    /** A resource the pages waited on, grouped by address. */
    record ResourceFigures(String url, String initiator, String service, String page, long count, double avgMs,
                           double maxMs, Long transferBytes, Instant lastSeen) {
    }

    /** Every page seen since {@code since}, with its figures; the overall figures under the key {@code null}. */
    Report pages(Instant since, String service) {
        long from = hourOf(since);
        Map<PageKey, Map<WebVital, Totals>> totals = new HashMap<>();
        Map<WebVital, Totals> overall = new EnumMap<>(WebVital.class);
        String serviceFilter = service == null ? "" : " AND service = ?";
        Object[] params = service == null ? new Object[] {from} : new Object[] {from, service};
        db.execute().query("SELECT service, page, metric, SUM(samples) AS samples, SUM(total) AS total, "
                                   + "SUM(good) AS good, SUM(needs_improvement) AS ni, SUM(poor) AS poor "
                                   + "FROM dashboard_vital_hours WHERE hour_start >= ?" + serviceFilter
                                   + " GROUP BY service, page, metric", params)
                .forEach(row -> WebVital.find(row.column("metric").getString()).ifPresent(metric -> {
                    PageKey page = new PageKey(row.column("service").getString(), row.column("page").getString());
                    Totals sums = Totals.of(row);
                    totals.computeIfAbsent(page, p -> new EnumMap<>(WebVital.class)).put(metric, sums);
                    overall.computeIfAbsent(metric, m -> new Totals()).merge(sums);
                }));
        db.execute().query("SELECT service, page, metric, bucket, SUM(samples) AS samples "
                                   + "FROM dashboard_vital_buckets WHERE hour_start >= ?" + serviceFilter
                                   + " GROUP BY service, page, metric, bucket", params)
                .forEach(row -> WebVital.find(row.column("metric").getString()).ifPresent(metric -> {
                    PageKey page = new PageKey(row.column("service").getString(), row.column("page").getString());
                    int bucket = row.column("bucket").get(Number.class).intValue();
                    long samples = row.column("samples").get(Number.class).longValue();
                    Map<WebVital, Totals> ofPage = totals.get(page);
                    if (ofPage != null && ofPage.containsKey(metric)) {
                        ofPage.get(metric).histogram.add(bucket, samples);
                    }
                    overall.computeIfAbsent(metric, m -> new Totals()).histogram.add(bucket, samples);
                }));
        List<PageFigures> pages = new ArrayList<>();
        totals.forEach((page, metrics) -> pages.add(new PageFigures(page.service(), page.page(), views(metrics),
                                                                    figures(metrics))));
        pages.sort(Comparator.comparingLong(PageFigures::views).reversed()
                           .thenComparing(PageFigures::service).thenComparing(PageFigures::page));
        return new Report(figures(overall), pages);
    }

    /** The overall figures and the pages, most viewed first. */
    record Report(Map<String, MetricFigures> overall, List<PageFigures> pages) {
    }

    /** Hourly 75th percentiles of every metric of one page. */
    Map<String, List<HourPoint>> hourly(PageKey page, Instant since) {
        Map<WebVital, TreeMap<Long, LogHistogram>> byMetric = new EnumMap<>(WebVital.class);
        db.execute().query("SELECT metric, hour_start, bucket, samples FROM dashboard_vital_buckets "
                                   + "WHERE service = ? AND page = ? AND hour_start >= ?",
                           page.service(), page.page(), hourOf(since))
                .forEach(row -> WebVital.find(row.column("metric").getString()).ifPresent(metric -> byMetric
                        .computeIfAbsent(metric, m -> new TreeMap<>())
                        .computeIfAbsent(row.column("hour_start").get(Number.class).longValue(),
                                         h -> new LogHistogram())
                        .add(row.column("bucket").get(Number.class).intValue(),
                             row.column("samples").get(Number.class).longValue())));
        Map<String, List<HourPoint>> series = new LinkedHashMap<>();
        byMetric.forEach((metric, hours) -> {
            List<HourPoint> points = new ArrayList<>();
            hours.forEach((hour, histogram) -> points.add(new HourPoint(Instant.ofEpochMilli(hour), histogram.total(),
                                                                         round(histogram.percentile(0.75)))));
            series.put(metric.key(), points);
        });
        return series;
    }

    /** The slowest resources since {@code since}, optionally of one page, slowest first. */
    List<ResourceFigures> resources(Instant since, PageKey page, int limit) {
        String pageFilter = page == null ? "" : " AND service = ? AND page = ?";
        Object[] params = page == null ? new Object[] {since.toEpochMilli(), limit}
                : new Object[] {since.toEpochMilli(), page.service(), page.page(), limit};
        return db.execute().query("SELECT url, initiator, MIN(service) AS service, MIN(page) AS page, "
                                          + "COUNT(*) AS n, AVG(duration_ms) AS avg_ms, MAX(duration_ms) AS max_ms, "
                                          + "MAX(transfer_bytes) AS bytes, MAX(time) AS last_seen "
                                          + "FROM dashboard_slow_resources WHERE time >= ?" + pageFilter
                                          + " GROUP BY url, initiator ORDER BY max_ms DESC LIMIT ?", params)
                .map(row -> new ResourceFigures(
                        row.column("url").getString(), row.column("initiator").getString(),
                        row.column("service").getString(), row.column("page").getString(),
                        row.column("n").get(Number.class).longValue(),
                        round(row.column("avg_ms").get(Number.class).doubleValue()),
                        round(row.column("max_ms").get(Number.class).doubleValue()),
                        nullableLong(row.column("bytes").get(Number.class)),
                        Instant.ofEpochMilli(row.column("last_seen").get(Number.class).longValue())))
                .toList();
    }

    /** Deletes what is older than {@code cutoff}; answers the rows deleted. */
    long deleteBefore(Instant cutoff) {
        long hour = hourOf(cutoff);
        return db.execute().dml("DELETE FROM dashboard_vital_buckets WHERE hour_start < ?", hour)
                + db.execute().dml("DELETE FROM dashboard_vital_hours WHERE hour_start < ?", hour)
                + db.execute().dml("DELETE FROM dashboard_slow_resources WHERE time < ?", cutoff.toEpochMilli());
    }

    /** Helidon answers null for a NULL column only through get(Class). */
    private static Long nullableLong(Number value) {
        return value == null ? null : value.longValue();
    }

    /** A page's views: the most samples any of its metrics has (each metric is measured once per view). */
    private static long views(Map<WebVital, Totals> metrics) {
        return metrics.values().stream().mapToLong(t -> t.samples).max().orElse(0);
    }

    private static Map<String, MetricFigures> figures(Map<WebVital, Totals> metrics) {
        Map<String, MetricFigures> figures = new LinkedHashMap<>();
        for (WebVital metric : WebVital.values()) {
            Totals totals = metrics.get(metric);
            if (totals == null || totals.samples == 0) {
                continue;
            }
            double p75 = round(totals.histogram.percentile(0.75));
            figures.put(metric.key(), new MetricFigures(
                    metric.title(), metric.millis() ? "ms" : "score", totals.samples, p75,
                    round(totals.total / totals.samples), metric.rate(p75),
                    metric.rated() ? percent(totals.good, totals.samples) : null,
                    metric.rated() ? percent(totals.needsImprovement, totals.samples) : null,
                    metric.rated() ? percent(totals.poor, totals.samples) : null));
        }
        return figures;
    }

    static long hourOf(Instant time) {
        long millis = time.toEpochMilli();
        return millis - Math.floorMod(millis, HOUR);
    }

    private static double percent(long part, long whole) {
        return Math.round(part * 1000.0 / whole) / 10.0;
    }

    /** Three significant decimals: CLS lives below 1, timings in the thousands. */
    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000.0) / 1000.0;
    }

    /** Sums of one metric over a range. */
    private static final class Totals {
        long samples;
        double total;
        long good;
        long needsImprovement;
        long poor;
        final LogHistogram histogram = new LogHistogram();

        static Totals of(DbRow row) {
            Totals totals = new Totals();
            totals.samples = row.column("samples").get(Number.class).longValue();
            totals.total = row.column("total").get(Number.class).doubleValue();
            totals.good = row.column("good").get(Number.class).longValue();
            totals.needsImprovement = row.column("ni").get(Number.class).longValue();
            totals.poor = row.column("poor").get(Number.class).longValue();
            return totals;
        }

        void merge(Totals other) {
            samples += other.samples;
            total += other.total;
            good += other.good;
            needsImprovement += other.needsImprovement;
            poor += other.poor;
        }
    }
}
