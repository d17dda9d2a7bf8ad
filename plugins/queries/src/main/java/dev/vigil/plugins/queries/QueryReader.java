package dev.vigil.plugins.queries;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.vigil.api.stats.LatencyHistogram;
import dev.vigil.plugins.queries.Views.AllTime;
import dev.vigil.plugins.queries.Views.EndpointUse;
import dev.vigil.plugins.queries.Views.FindingView;
import dev.vigil.plugins.queries.Views.FingerprintDetail;
import dev.vigil.plugins.queries.Views.FingerprintSummary;
import dev.vigil.plugins.queries.Views.RequestRow;
import dev.vigil.plugins.queries.Views.SeriesPoint;
import dev.vigil.plugins.queries.Views.SlowStatement;
import dev.vigil.plugins.queries.Views.Window;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** Reads the plugin's tables for the routes and the QueryInsights service. */
final class QueryReader {

    /** How the list of fingerprints is ordered. */
    enum Sort {
        TOTAL_TIME("SUM(total_ms)"), COUNT("SUM(executions)"), AVG("SUM(total_ms) / SUM(executions)");

        private final String expression;

        Sort(String expression) {
            this.expression = expression;
        }

        static Sort of(String name) {
            return switch (name) {
                case "count" -> COUNT;
                case "avg" -> AVG;
                default -> TOTAL_TIME;
            };
        }
    }

    /** A request's count for the threshold: what was analysed here, or what request-metrics reported, if more. */
    private static final String EFFECTIVE_COUNT = "(CASE WHEN reported_queries > query_count THEN reported_queries "
            + "ELSE query_count END)";
    private static final String REQUEST_COLUMNS = "SELECT service, request_key, request_id, trace_id, endpoint, "
            + "query_count, total_ms, reported_queries, reported_time_ms, fingerprints, findings, first_seen, "
            + "last_seen FROM queries_requests WHERE ";

    private final DbClient db;

    QueryReader(DbClient db) {
        this.db = db;
    }

    // ---- fingerprints ----

    List<FingerprintSummary> fingerprints(long sinceMinute, String service, Sort sort, int limit) {
        return fingerprints(new Filter("minute >= ?", sinceMinute).and("service", service), sort, limit);
    }

    /** Fingerprints of the minutes {@code [fromMinute, toMinute)}, every service but {@code leftOutService}. */
    List<FingerprintSummary> fingerprints(long fromMinute, long toMinute, String leftOutService, Sort sort,
                                          int limit) {
        return fingerprints(window(fromMinute, toMinute, leftOutService), sort, limit);
    }

    /** Statements, their total time and distinct fingerprints of the minutes {@code [fromMinute, toMinute)}. */
    WindowTotals totals(long fromMinute, long toMinute, String leftOutService) {
        Filter filter = window(fromMinute, toMinute, leftOutService);
        return db.execute().get("SELECT SUM(executions) AS executions, SUM(total_ms) AS total_ms, "
                                        + "COUNT(DISTINCT fingerprint) AS fingerprints "
                                        + "FROM queries_fingerprint_minutes WHERE " + filter.sql(),
                                filter.parameters())
                .map(row -> new WindowTotals(number(row, "executions").longValue(),
                                             number(row, "total_ms").doubleValue(),
                                             number(row, "fingerprints").longValue()))
                .orElse(new WindowTotals(0, 0, 0));
    }

    /** The totals of a window. */
    record WindowTotals(long executions, double totalTimeMs, long fingerprints) {
    }

    private static Filter window(long fromMinute, long toMinute, String leftOutService) {
        return new Filter("minute >= ?", fromMinute).and("minute < ?", toMinute)
                .and("service <> ?", leftOutService);
    }

    private List<FingerprintSummary> fingerprints(Filter filter, Sort sort, int limit) {
        List<DbRow> rows = db.execute().query(
                "SELECT fingerprint, SUM(executions) AS executions, SUM(total_ms) AS total_ms, MAX(max_ms) AS max_ms, "
                        + "SUM(row_total) AS row_total, SUM(row_reports) AS row_reports, SUM(slow) AS slow "
                        + "FROM queries_fingerprint_minutes WHERE " + filter.sql() + " GROUP BY fingerprint "
                        + "ORDER BY " + sort.expression + " DESC, fingerprint LIMIT ?",
                filter.with(limit)).toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(row -> string(row, "fingerprint")).toList();
        Map<String, DbRow> shapes = fingerprintRows(ids);
        Map<String, LatencyHistogram> histograms = histograms(ids, filter);
        List<FingerprintSummary> summaries = new ArrayList<>(rows.size());
        for (DbRow row : rows) {
            String id = string(row, "fingerprint");
            DbRow shape = shapes.get(id);
            long executions = number(row, "executions").longValue();
            double total = number(row, "total_ms").doubleValue();
            long rowReports = number(row, "row_reports").longValue();
            summaries.add(new FingerprintSummary(
                    id, shape == null ? null : string(shape, "text"), shape == null ? null : string(shape, "kind"),
                    executions, total, executions == 0 ? 0 : total / executions,
                    percentile(histograms.get(id), 0.95),
                    number(row, "max_ms").doubleValue(),
                    rowReports == 0 ? null : number(row, "row_total").doubleValue() / rowReports,
                    number(row, "slow").longValue(), shape == null ? null : string(shape, "example_sql"),
                    shape == null ? null : instant(shape, "first_seen"),
                    shape == null ? null : instant(shape, "last_seen")));
        }
        return summaries;
    }

    private Map<String, DbRow> fingerprintRows(List<String> ids) {
        Map<String, DbRow> rows = new HashMap<>();
        db.execute().query("SELECT id, text, kind, example_sql, first_seen, last_seen, executions, total_ms, max_ms "
                                   + "FROM queries_fingerprints WHERE id IN (" + marks(ids.size()) + ")",
                           ids.toArray())
                .forEach(row -> rows.put(string(row, "id"), row));
        return rows;
    }

    private Map<String, LatencyHistogram> histograms(List<String> ids, Filter filter) {
        List<Object> parameters = new ArrayList<>(List.of(filter.parameters()));
        parameters.addAll(ids);
        Map<String, LatencyHistogram> histograms = new HashMap<>();
        db.execute().query("SELECT fingerprint, histogram FROM queries_fingerprint_minutes WHERE " + filter.sql()
                                   + " AND fingerprint IN (" + marks(ids.size()) + ")", parameters.toArray())
                .forEach(row -> histograms.computeIfAbsent(string(row, "fingerprint"), id -> new LatencyHistogram())
                        .mergeEncoded(row.column("histogram").get(byte[].class)));
        return histograms;
    }

    Optional<FingerprintDetail> fingerprint(String id, long sinceMinute, int hours, List<FindingView> findings,
                                            List<SlowStatement> slowest) {
        Optional<DbRow> found = db.execute().get(
                "SELECT id, text, kind, example_sql, first_seen, last_seen, executions, total_ms, max_ms "
                        + "FROM queries_fingerprints WHERE id = ?", id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DbRow shape = found.get();
        long allExecutions = number(shape, "executions").longValue();
        double allTotal = number(shape, "total_ms").doubleValue();
        AllTime allTime = new AllTime(allExecutions, allTotal, allExecutions == 0 ? 0 : allTotal / allExecutions,
                                      number(shape, "max_ms").doubleValue());

        List<DbRow> minutes = db.execute().query(
                "SELECT minute, executions, total_ms, max_ms, row_total, row_reports, slow, histogram "
                        + "FROM queries_fingerprint_minutes WHERE fingerprint = ? AND minute >= ? ORDER BY minute",
                id, sinceMinute).toList();
        LatencyHistogram histogram = new LatencyHistogram();
        long executions = 0;
        long rowTotal = 0;
        long rowReports = 0;
        long slow = 0;
        double total = 0;
        double max = 0;
        // Buckets of at least a minute, at most about 120 of them over the window.
        long bucketMs = Math.max(1, (long) Math.ceil(hours * 60.0 / 120)) * 60_000L;
        TreeMap<Long, long[]> counts = new TreeMap<>();
        TreeMap<Long, double[]> times = new TreeMap<>();
        for (DbRow row : minutes) {
            long n = number(row, "executions").longValue();
            double t = number(row, "total_ms").doubleValue();
            double m = number(row, "max_ms").doubleValue();
            executions += n;
            total += t;
            max = Math.max(max, m);
            rowTotal += number(row, "row_total").longValue();
            rowReports += number(row, "row_reports").longValue();
            slow += number(row, "slow").longValue();
            histogram.mergeEncoded(row.column("histogram").get(byte[].class));
            long bucket = Math.floorDiv(number(row, "minute").longValue(), bucketMs) * bucketMs;
            counts.computeIfAbsent(bucket, b -> new long[1])[0] += n;
            double[] bucketTimes = times.computeIfAbsent(bucket, b -> new double[2]);
            bucketTimes[0] += t;
            bucketTimes[1] = Math.max(bucketTimes[1], m);
        }
        List<SeriesPoint> series = new ArrayList<>(counts.size());
        counts.forEach((bucket, n) -> {
            double[] t = times.get(bucket);
            series.add(new SeriesPoint(Instant.ofEpochMilli(bucket), n[0], n[0] == 0 ? 0 : t[0] / n[0], t[1]));
        });
        Window window = new Window(hours, executions, total, executions == 0 ? 0 : total / executions,
                                   percentile(histogram, 0.50), percentile(histogram, 0.95),
                                   percentile(histogram, 0.99), max,
                                   rowReports == 0 ? null : (double) rowTotal / rowReports, slow);
        List<EndpointUse> endpoints = db.execute().query(
                "SELECT service, endpoint, executions, total_ms, last_seen FROM queries_fingerprint_endpoints "
                        + "WHERE fingerprint = ? ORDER BY total_ms DESC, service, endpoint LIMIT 100", id)
                .map(row -> new EndpointUse(string(row, "service"), string(row, "endpoint"),
                                            number(row, "executions").longValue(),
                                            number(row, "total_ms").doubleValue(), instant(row, "last_seen")))
                .toList();
        return Optional.of(new FingerprintDetail(id, string(shape, "text"), string(shape, "kind"),
                                                 string(shape, "example_sql"), instant(shape, "first_seen"),
                                                 instant(shape, "last_seen"), allTime, window, endpoints, series,
                                                 findings, slowest));
    }

    // ---- slow statements ----

    List<SlowStatement> slow(long since, double minMs, String service, String fingerprint, int limit) {
        Filter filter = new Filter("s.ts >= ?", since).and("s.duration_ms >= ?", minMs).and("s.service", service)
                .and("s.fingerprint", fingerprint);
        return db.execute().query(
                "SELECT s.ts, s.service, s.fingerprint, f.text, s.sql_text, s.duration_ms, s.row_count, "
                        + "s.request_id, s.trace_id, s.endpoint, s.database_name, s.origin FROM queries_slow s "
                        + "LEFT JOIN queries_fingerprints f ON f.id = s.fingerprint WHERE " + filter.sql()
                        + " ORDER BY s.duration_ms DESC, s.id LIMIT ?", filter.with(limit))
                .map(row -> new SlowStatement(instant(row, "ts"), string(row, "service"), string(row, "fingerprint"),
                                              string(row, "text"), string(row, "sql_text"),
                                              number(row, "duration_ms").doubleValue(), nullableLong(row, "row_count"),
                                              string(row, "request_id"), string(row, "trace_id"),
                                              string(row, "endpoint"), string(row, "database_name"),
                                              string(row, "origin")))
                .toList();
    }

    // ---- findings ----

    List<FindingView> findings(String kind, String service, String fingerprint, Long since, int limit) {
        Filter filter = new Filter("1 = 1").and("f.kind", kind).and("f.service", service)
                .and("f.fingerprint", fingerprint);
        if (since != null) {
            filter = filter.and("f.last_seen >= ?", since);
        }
        return db.execute().query(
                "SELECT f.id, f.kind, f.service, f.endpoint, f.fingerprint, p.text, f.example_sql, f.max_repeats, "
                        + "f.last_repeats, f.total_time_ms, f.max_time_ms, f.requests, f.first_seen, f.last_seen, "
                        + "f.last_request, r.trace_id FROM queries_findings f LEFT JOIN queries_fingerprints p "
                        + "ON p.id = f.fingerprint "
                        // the last request's trace, so a finding can open the trace that shows it
                        + "LEFT JOIN queries_requests r ON r.service = f.service AND r.request_key = f.last_request "
                        + "WHERE " + filter.sql()
                        + " ORDER BY f.total_time_ms DESC, f.id LIMIT ?", filter.with(limit))
                .map(QueryReader::finding)
                .toList();
    }

    private static FindingView finding(DbRow row) {
        long requests = number(row, "requests").longValue();
        double total = number(row, "total_time_ms").doubleValue();
        return new FindingView(number(row, "id").longValue(), string(row, "kind"), string(row, "service"),
                               emptyToNull(string(row, "endpoint")), string(row, "fingerprint"), string(row, "text"),
                               string(row, "example_sql"), number(row, "max_repeats").longValue(),
                               number(row, "last_repeats").longValue(), total, number(row, "max_time_ms").doubleValue(),
                               requests == 0 ? 0 : total / requests, requests, instant(row, "first_seen"),
                               instant(row, "last_seen"), string(row, "last_request"), string(row, "trace_id"),
                               null);
    }

    /** Findings of one kind per service: the signal's figure. */
    Map<String, Long> findingCounts(String kind) {
        Map<String, Long> counts = new TreeMap<>();
        db.execute().query("SELECT service, COUNT(*) AS n FROM queries_findings WHERE kind = ? GROUP BY service", kind)
                .forEach(row -> counts.put(string(row, "service"), number(row, "n").longValue()));
        return counts;
    }

    // ---- requests ----

    List<RequestRow> requests(long since, long minQueries, String service, int threshold, int limit) {
        Filter filter = new Filter("last_seen >= ?", since).and(EFFECTIVE_COUNT + " >= ?", minQueries)
                .and("service", service);
        return db.execute().query(REQUEST_COLUMNS + filter.sql() + " ORDER BY " + EFFECTIVE_COUNT
                                          + " DESC, last_seen DESC, request_key LIMIT ?", filter.with(limit))
                .map(row -> requestRow(row, threshold))
                .toList();
    }

    List<RequestRow> request(String key, int threshold) {
        return db.execute().query(REQUEST_COLUMNS + "request_key = ? ORDER BY service", key)
                .map(row -> requestRow(row, threshold))
                .toList();
    }

    private static RequestRow requestRow(DbRow row, int threshold) {
        long count = number(row, "query_count").longValue();
        Long reported = nullableLong(row, "reported_queries");
        Number reportedTime = row.column("reported_time_ms").get(Number.class);
        return new RequestRow(string(row, "service"), string(row, "request_key"), string(row, "request_id"),
                              string(row, "trace_id"), emptyToNull(string(row, "endpoint")), count,
                              number(row, "total_ms").doubleValue(), reported,
                              reportedTime == null ? null : reportedTime.doubleValue(),
                              number(row, "fingerprints").longValue(), number(row, "findings").longValue(),
                              Math.max(count, reported == null ? 0 : reported) > threshold,
                              instant(row, "first_seen"), instant(row, "last_seen"));
    }

    /** One stored statement of a request, rebuilt for analysis. */
    record StoredStatement(Statement statement, String text) {
    }

    /** The statements stored for a request id (or, failing that, a trace id), oldest first. */
    List<StoredStatement> statementsOf(String key, int limit) {
        String columns = "SELECT s.ts, s.service, s.request_id, s.trace_id, s.endpoint, s.fingerprint, s.parameters, "
                + "s.sql_text, s.duration_ms, s.row_count, s.database_name, s.origin, f.text FROM queries_statements s "
                + "LEFT JOIN queries_fingerprints f ON f.id = s.fingerprint WHERE ";
        List<StoredStatement> rows = db.execute()
                .query(columns + "s.request_key = ? ORDER BY s.ts, s.id LIMIT ?", key, limit)
                .map(QueryReader::storedStatement).toList();
        if (rows.isEmpty()) {
            rows = db.execute().query(columns + "s.trace_id = ? ORDER BY s.ts, s.id LIMIT ?", key, limit)
                    .map(QueryReader::storedStatement).toList();
        }
        return rows;
    }

    private static StoredStatement storedStatement(DbRow row) {
        String text = string(row, "text");
        Fingerprint fingerprint = new Fingerprint(string(row, "fingerprint"), text, null, 0, false);
        Statement statement = new Statement(number(row, "ts").longValue(), string(row, "service"),
                                            string(row, "sql_text"), fingerprint, nullableLong(row, "parameters"),
                                            number(row, "duration_ms").doubleValue(), nullableLong(row, "row_count"),
                                            string(row, "request_id"), string(row, "trace_id"),
                                            string(row, "endpoint"), string(row, "database_name"),
                                            string(row, "origin"), false);
        return new StoredStatement(statement, text);
    }

    // ---- summary ----

    /** Everything the summary route shows, read in a handful of statements. */
    Map<String, Object> summary(long since, long sinceMinute, String service, int threshold, double slowMs) {
        Filter minuteFilter = new Filter("minute >= ?", sinceMinute).and("service", service);
        LatencyHistogram histogram = new LatencyHistogram();
        long executions = 0;
        long slow = 0;
        double total = 0;
        double max = 0;
        Map<String, double[]> services = new TreeMap<>();
        for (DbRow row : db.execute().query(
                "SELECT service, executions, total_ms, max_ms, slow, histogram FROM queries_service_minutes WHERE "
                        + minuteFilter.sql(), minuteFilter.parameters()).toList()) {
            long n = number(row, "executions").longValue();
            double t = number(row, "total_ms").doubleValue();
            executions += n;
            total += t;
            slow += number(row, "slow").longValue();
            max = Math.max(max, number(row, "max_ms").doubleValue());
            histogram.mergeEncoded(row.column("histogram").get(byte[].class));
            double[] perService = services.computeIfAbsent(string(row, "service"), s -> new double[2]);
            perService[0] += n;
            perService[1] += t;
        }
        long fingerprints = db.execute().get("SELECT COUNT(DISTINCT fingerprint) AS n FROM queries_fingerprint_minutes "
                                                     + "WHERE " + minuteFilter.sql(), minuteFilter.parameters())
                .map(row -> number(row, "n").longValue()).orElse(0L);

        Filter requestFilter = new Filter("last_seen >= ?", since).and("service", service);
        List<Object> requestParameters = new ArrayList<>();
        requestParameters.add(threshold);
        requestParameters.addAll(List.of(requestFilter.parameters()));
        // Rows with query_count 0 are requests only reported by request-metrics: flagged, not analysed here.
        DbRow requests = db.execute().get(
                "SELECT COALESCE(SUM(CASE WHEN query_count > 0 THEN 1 ELSE 0 END), 0) AS n, "
                        + "COALESCE(SUM(query_count), 0) AS queries, COALESCE(SUM(total_ms), 0) AS ms, "
                        + "COALESCE(MAX(query_count), 0) AS max_queries, "
                        + "COALESCE(SUM(CASE WHEN " + EFFECTIVE_COUNT + " > ? THEN 1 ELSE 0 END), 0) AS flagged, "
                        + "COALESCE(SUM(CASE WHEN reported_queries IS NOT NULL THEN 1 ELSE 0 END), 0) AS reported "
                        + "FROM queries_requests WHERE " + requestFilter.sql(), requestParameters.toArray())
                .orElseThrow();
        long analysed = number(requests, "n").longValue();

        Filter findingFilter = new Filter("last_seen >= ?", since).and("service", service);
        Map<String, Long> findings = new TreeMap<>(Map.of("N_PLUS_ONE", 0L, "REPEATED_IDENTICAL", 0L));
        db.execute().query("SELECT kind, COUNT(*) AS n FROM queries_findings WHERE " + findingFilter.sql()
                                   + " GROUP BY kind", findingFilter.parameters())
                .forEach(row -> findings.put(string(row, "kind"), number(row, "n").longValue()));

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("statements", executions);
        summary.put("total_time_ms", total);
        summary.put("avg_ms", executions == 0 ? 0 : total / executions);
        summary.put("p50_ms", percentile(histogram, 0.50));
        summary.put("p95_ms", percentile(histogram, 0.95));
        summary.put("p99_ms", percentile(histogram, 0.99));
        summary.put("max_ms", max);
        summary.put("slow_statements", slow);
        summary.put("slow_query_ms", slowMs);
        summary.put("fingerprints", fingerprints);
        Map<String, Object> requestFigures = new LinkedHashMap<>();
        requestFigures.put("analysed", analysed);
        requestFigures.put("avg_queries", analysed == 0 ? 0 : number(requests, "queries").doubleValue() / analysed);
        requestFigures.put("avg_query_time_ms", analysed == 0 ? 0 : number(requests, "ms").doubleValue() / analysed);
        requestFigures.put("max_queries", number(requests, "max_queries").longValue());
        requestFigures.put("flagged", number(requests, "flagged").longValue());
        requestFigures.put("reported_over_threshold", number(requests, "reported").longValue());
        requestFigures.put("query_count_threshold", threshold);
        summary.put("requests", requestFigures);
        summary.put("findings", Map.of("n_plus_one", findings.get("N_PLUS_ONE"),
                                       "repeated_identical", findings.get("REPEATED_IDENTICAL")));
        List<Map<String, Object>> serviceList = new ArrayList<>();
        services.forEach((name, figures) -> serviceList.add(Map.of(
                "service", name, "statements", (long) figures[0], "total_time_ms", figures[1],
                "avg_ms", figures[0] == 0 ? 0 : figures[1] / figures[0])));
        summary.put("services", serviceList);
        return summary;
    }

    // ---- helpers ----

    /** A WHERE clause built from optional parts, with its parameters in order. */
    private record Filter(String sql, List<Object> values) {
        Filter(String condition, Object... values) {
            this(condition, List.of(values));
        }

        /** Adds {@code column = ?} when {@code value} is given; a condition with "?" is added as it is. */
        Filter and(String columnOrCondition, Object value) {
            if (value == null) {
                return this;
            }
            List<Object> more = new ArrayList<>(values);
            more.add(value);
            String condition = columnOrCondition.contains("?") ? columnOrCondition : columnOrCondition + " = ?";
            return new Filter(sql + " AND " + condition, Collections.unmodifiableList(more));
        }

        Object[] parameters() {
            return values.toArray();
        }

        Object[] with(Object last) {
            Object[] all = values.toArray(new Object[values.size() + 1]);
            all[values.size()] = last;
            return all;
        }
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    static Number number(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? 0 : value;
    }

    private static Long nullableLong(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : value.longValue();
    }

    static String string(DbRow row, String column) {
        // get() without a type refuses SQL NULL; get(type) answers null for it.
        Object value = row.column(column).get(Object.class);
        return value == null ? null : value.toString();
    }

    private static Instant instant(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : Instant.ofEpochMilli(value.longValue());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A percentile in milliseconds by nearest rank (p95 is a value at least 95% of executions did not exceed);
     * 0 where nothing ran in the window (the API answers numbers, never null).
     */
    private static double percentile(LatencyHistogram histogram, double q) {
        if (histogram == null || histogram.count() == 0) {
            return 0;
        }
        return histogram.valueAtRank(Math.max(1, (long) Math.ceil(q * histogram.count())) - 1);
    }
}
