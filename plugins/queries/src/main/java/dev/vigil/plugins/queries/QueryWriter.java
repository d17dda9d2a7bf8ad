package dev.vigil.plugins.queries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import dev.vigil.api.http.Ranges;
import dev.vigil.api.stats.LatencyHistogram;
import dev.vigil.api.storage.Dialect;
import dev.vigil.api.storage.Storage;

/**
 * Stores one batch of the write queue in the queue's transaction: statements (raw for requests, slow ones
 * apart), all-time and per-minute aggregates per fingerprint and service, endpoints per fingerprint, and the
 * outcome of analysed requests with their findings. Aggregates are folded in memory first, so a batch of
 * thousands of statements of a few shapes costs a few rows.
 */
final class QueryWriter implements Storage.BatchWriter<PendingWrite> {

    private static final long MINUTE_MS = 60_000;

    private final Dialect dialect;

    QueryWriter(Dialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public void write(Connection connection, List<PendingWrite> batch) throws SQLException {
        List<Statement> statements = new ArrayList<>(batch.size());
        List<RequestOutcome> outcomes = new ArrayList<>();
        List<ReportedRequest> reported = new ArrayList<>();
        for (PendingWrite item : batch) {
            switch (item) {
                case Statement statement -> statements.add(statement);
                case RequestOutcome outcome -> outcomes.add(outcome);
                case ReportedRequest request -> reported.add(request);
            }
        }
        if (!statements.isEmpty()) {
            insertStatements(connection, statements);
            insertSlow(connection, statements);
            upsertFingerprints(connection, statements);
            mergeFingerprintMinutes(connection, statements);
            mergeServiceMinutes(connection, statements);
            upsertEndpoints(connection, statements);
        }
        if (!outcomes.isEmpty()) {
            upsertRequests(connection, outcomes);
            upsertFindings(connection, outcomes);
        }
        if (!reported.isEmpty()) {
            upsertReportedRequests(connection, reported);
        }
    }

    private static void insertStatements(Connection connection, List<Statement> statements) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO queries_statements (ts, service, request_key, request_id, trace_id, endpoint, "
                        + "fingerprint, parameters, sql_text, duration_ms, row_count, database_name, origin) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (Statement s : statements) {
                if (s.requestKey() == null) {
                    continue;
                }
                insert.setLong(1, s.timestamp());
                insert.setString(2, s.service());
                insert.setString(3, s.requestKey());
                insert.setString(4, s.requestId());
                insert.setString(5, s.traceId());
                insert.setString(6, s.endpoint());
                insert.setString(7, s.fingerprint().id());
                setLong(insert, 8, s.parameters());
                insert.setString(9, s.sql());
                insert.setDouble(10, s.durationMs());
                setLong(insert, 11, s.rows());
                insert.setString(12, s.database());
                insert.setString(13, s.origin());
                insert.addBatch();
                rows++;
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    private static void insertSlow(Connection connection, List<Statement> statements) throws SQLException {
        List<Statement> slow = statements.stream().filter(Statement::slow).toList();
        if (slow.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO queries_slow (ts, service, fingerprint, sql_text, duration_ms, row_count, request_id, "
                        + "trace_id, endpoint, database_name, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Statement s : slow) {
                insert.setLong(1, s.timestamp());
                insert.setString(2, s.service());
                insert.setString(3, s.fingerprint().id());
                insert.setString(4, s.sql());
                insert.setDouble(5, s.durationMs());
                setLong(insert, 6, s.rows());
                insert.setString(7, s.requestId());
                insert.setString(8, s.traceId());
                insert.setString(9, s.endpoint());
                insert.setString(10, s.database());
                insert.setString(11, s.origin());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** A batch's statements of one fingerprint, folded. */
    private static final class ShapeTotals {
        final Statement first;
        Statement slowest;
        long firstSeen = Long.MAX_VALUE;
        long lastSeen = Long.MIN_VALUE;
        long executions;
        double totalMs;

        ShapeTotals(Statement first) {
            this.first = first;
            this.slowest = first;
        }

        void add(Statement s) {
            executions++;
            totalMs = Ranges.addFinite(totalMs, s.durationMs());
            firstSeen = Math.min(firstSeen, s.timestamp());
            lastSeen = Math.max(lastSeen, s.timestamp());
            if (s.durationMs() > slowest.durationMs()) {
                slowest = s;
            }
        }
    }

    private static void upsertFingerprints(Connection connection, List<Statement> statements) throws SQLException {
        Map<String, ShapeTotals> shapes = new HashMap<>();
        for (Statement s : statements) {
            shapes.computeIfAbsent(s.fingerprint().id(), id -> new ShapeTotals(s)).add(s);
        }
        // The example kept is the slowest run seen: the one worth reading.
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO queries_fingerprints (id, text, kind, example_sql, first_seen, last_seen, executions, "
                        + "total_ms, max_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                        + "example_sql = CASE WHEN excluded.max_ms > queries_fingerprints.max_ms "
                        + "THEN excluded.example_sql ELSE queries_fingerprints.example_sql END, "
                        + "first_seen = CASE WHEN excluded.first_seen < queries_fingerprints.first_seen "
                        + "THEN excluded.first_seen ELSE queries_fingerprints.first_seen END, "
                        + "last_seen = CASE WHEN excluded.last_seen > queries_fingerprints.last_seen "
                        + "THEN excluded.last_seen ELSE queries_fingerprints.last_seen END, "
                        + "executions = queries_fingerprints.executions + excluded.executions, "
                        + "total_ms = queries_fingerprints.total_ms + excluded.total_ms, "
                        + "max_ms = CASE WHEN excluded.max_ms > queries_fingerprints.max_ms "
                        + "THEN excluded.max_ms ELSE queries_fingerprints.max_ms END")) {
            for (Map.Entry<String, ShapeTotals> entry : shapes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .toList()) {
                ShapeTotals shape = entry.getValue();
                Fingerprint fingerprint = shape.first.fingerprint();
                upsert.setString(1, entry.getKey());
                upsert.setString(2, cut(fingerprint.text(), 8_000));
                upsert.setString(3, fingerprint.kind());
                upsert.setString(4, shape.slowest.sql());
                upsert.setLong(5, shape.firstSeen);
                upsert.setLong(6, shape.lastSeen);
                upsert.setLong(7, shape.executions);
                upsert.setDouble(8, shape.totalMs);
                upsert.setDouble(9, shape.slowest.durationMs());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * A row key: minute, service and (for per-fingerprint rows) fingerprint, or (for endpoint rows) fingerprint,
     * service and endpoint. Compared field by field, so that rows are always locked in one order.
     */
    private record Key(long minute, String first, String second, String third) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::minute)
                .thenComparing(Key::first).thenComparing(Key::second, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::third, Comparator.nullsFirst(Comparator.naturalOrder()));

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }

        /** Binds the key's parts that the table has, in order, from {@code first}; answers the next index. */
        int bind(PreparedStatement statement, int index, boolean withMinute) throws SQLException {
            int i = index;
            if (withMinute) {
                statement.setLong(i++, minute);
            }
            statement.setString(i++, first);
            if (second != null) {
                statement.setString(i++, second);
            }
            if (third != null) {
                statement.setString(i++, third);
            }
            return i;
        }
    }

    /** Folds statements into per-key totals; keys sorted for the writes. */
    private static <T> List<T> sortedValues(Map<Key, T> byKey) {
        return byKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }

    /** A minute's figures for one key, folded from a batch. */
    private static final class MinuteTotals {
        final Key key;
        long executions;
        double totalMs;
        double maxMs;
        long rowTotal;
        long rowReports;
        long slow;
        final LatencyHistogram histogram = new LatencyHistogram();

        MinuteTotals(Key key) {
            this.key = key;
        }

        void add(Statement s) {
            executions++;
            totalMs = Ranges.addFinite(totalMs, s.durationMs());
            maxMs = Math.max(maxMs, s.durationMs());
            if (s.rows() != null) {
                rowTotal += s.rows();
                rowReports++;
            }
            if (s.slow()) {
                slow++;
            }
            histogram.add(s.durationMs());
        }
    }

    private void mergeFingerprintMinutes(Connection connection, List<Statement> statements) throws SQLException {
        Map<Key, MinuteTotals> minutes = new HashMap<>();
        for (Statement s : statements) {
            Key key = new Key(minute(s.timestamp()), s.service(), s.fingerprint().id(), null);
            minutes.computeIfAbsent(key, MinuteTotals::new).add(s);
        }
        mergeMinutes(connection, "queries_fingerprint_minutes", List.of("minute", "service", "fingerprint"), true,
                     sortedValues(minutes));
    }

    private void mergeServiceMinutes(Connection connection, List<Statement> statements) throws SQLException {
        Map<Key, MinuteTotals> minutes = new HashMap<>();
        for (Statement s : statements) {
            minutes.computeIfAbsent(new Key(minute(s.timestamp()), s.service(), null, null), MinuteTotals::new).add(s);
        }
        mergeMinutes(connection, "queries_service_minutes", List.of("minute", "service"), false,
                     sortedValues(minutes));
    }

    /**
     * Adds a batch's minutes to the stored ones. Counters add in SQL; histograms are merged here, so the row is
     * created if missing, then read (locked on PostgreSQL, where several nodes may write one row; keys are taken in
     * one order, so two nodes cannot deadlock), then updated.
     */
    private void mergeMinutes(Connection connection, String table, List<String> keyColumns, boolean withRows,
                              List<MinuteTotals> minutes) throws SQLException {
        String keys = String.join(", ", keyColumns);
        String marks = "?, ".repeat(keyColumns.size());
        String where = String.join(" = ? AND ", keyColumns) + " = ?";
        String zeros = withRows ? "executions, total_ms, max_ms, row_total, row_reports, slow, histogram"
                : "executions, total_ms, max_ms, slow, histogram";
        String zeroValues = withRows ? "0, 0, 0, 0, 0, 0, ?" : "0, 0, 0, 0, ?";
        String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        byte[] empty = new LatencyHistogram().encode();
        try (PreparedStatement create = connection.prepareStatement(
                "INSERT INTO " + table + " (" + keys + ", " + zeros + ") VALUES (" + marks + zeroValues
                        + ") ON CONFLICT (" + keys + ") DO NOTHING");
             PreparedStatement read = connection.prepareStatement(
                     "SELECT histogram FROM " + table + " WHERE " + where + lock);
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE " + table + " SET executions = executions + ?, total_ms = total_ms + ?, "
                             + "max_ms = CASE WHEN max_ms > ? THEN max_ms ELSE ? END, "
                             + (withRows ? "row_total = row_total + ?, row_reports = row_reports + ?, " : "")
                             + "slow = slow + ?, histogram = ? WHERE " + where)) {
            for (MinuteTotals minute : minutes) {
                int i = minute.key.bind(create, 1, true);
                create.setBytes(i, empty);
                create.addBatch();
            }
            create.executeBatch();
            for (MinuteTotals minute : minutes) {
                minute.key.bind(read, 1, true);
                LatencyHistogram merged = minute.histogram;
                try (ResultSet row = read.executeQuery()) {
                    if (row.next()) {
                        merged.mergeEncoded(row.getBytes(1));
                    }
                }
                int i = 1;
                update.setLong(i++, minute.executions);
                update.setDouble(i++, minute.totalMs);
                update.setDouble(i++, minute.maxMs);
                update.setDouble(i++, minute.maxMs);
                if (withRows) {
                    update.setLong(i++, minute.rowTotal);
                    update.setLong(i++, minute.rowReports);
                }
                update.setLong(i++, minute.slow);
                update.setBytes(i++, merged.encode());
                minute.key.bind(update, i, true);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void upsertEndpoints(Connection connection, List<Statement> statements) throws SQLException {
        Map<Key, ShapeTotals> endpoints = new HashMap<>();
        for (Statement s : statements) {
            if (s.endpoint() != null) {
                endpoints.computeIfAbsent(new Key(0, s.fingerprint().id(), s.service(), s.endpoint()),
                                          key -> new ShapeTotals(s)).add(s);
            }
        }
        if (endpoints.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO queries_fingerprint_endpoints (fingerprint, service, endpoint, executions, total_ms, "
                        + "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (fingerprint, service, endpoint) DO UPDATE SET "
                        + "executions = queries_fingerprint_endpoints.executions + excluded.executions, "
                        + "total_ms = queries_fingerprint_endpoints.total_ms + excluded.total_ms, "
                        + "last_seen = CASE WHEN excluded.last_seen > queries_fingerprint_endpoints.last_seen "
                        + "THEN excluded.last_seen ELSE queries_fingerprint_endpoints.last_seen END")) {
            for (Map.Entry<Key, ShapeTotals> entry : endpoints.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                ShapeTotals totals = entry.getValue();
                int i = entry.getKey().bind(upsert, 1, false);
                upsert.setLong(i++, totals.executions);
                upsert.setDouble(i++, totals.totalMs);
                upsert.setLong(i++, totals.firstSeen);
                upsert.setLong(i, totals.lastSeen);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** A request that comes back after it was analysed (late statements) adds to its row. */
    private static void upsertRequests(Connection connection, List<RequestOutcome> outcomes) throws SQLException {
        Map<List<Object>, RequestOutcome> ordered = new LinkedHashMap<>();
        outcomes.stream().sorted(Comparator.comparing(RequestOutcome::service).thenComparing(RequestOutcome::key))
                .forEach(o -> ordered.merge(List.of(o.service(), o.key()), o, QueryWriter::combine));
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO queries_requests (service, request_key, request_id, trace_id, endpoint, first_seen, "
                        + "last_seen, query_count, total_ms, fingerprints, findings) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (service, request_key) DO UPDATE SET "
                        + "first_seen = CASE WHEN excluded.first_seen < queries_requests.first_seen "
                        + "THEN excluded.first_seen ELSE queries_requests.first_seen END, "
                        + "last_seen = CASE WHEN excluded.last_seen > queries_requests.last_seen "
                        + "THEN excluded.last_seen ELSE queries_requests.last_seen END, "
                        + "query_count = queries_requests.query_count + excluded.query_count, "
                        + "total_ms = queries_requests.total_ms + excluded.total_ms, "
                        + "fingerprints = CASE WHEN excluded.fingerprints > queries_requests.fingerprints "
                        + "THEN excluded.fingerprints ELSE queries_requests.fingerprints END, "
                        + "findings = queries_requests.findings + excluded.findings, "
                        + "endpoint = CASE WHEN queries_requests.endpoint = '' THEN excluded.endpoint "
                        + "ELSE queries_requests.endpoint END")) {
            for (RequestOutcome o : ordered.values()) {
                upsert.setString(1, o.service());
                upsert.setString(2, o.key());
                upsert.setString(3, o.requestId());
                upsert.setString(4, o.traceId());
                upsert.setString(5, o.endpoint() == null ? "" : o.endpoint());
                upsert.setLong(6, o.firstTimestamp());
                upsert.setLong(7, o.lastTimestamp());
                upsert.setLong(8, o.queryCount());
                upsert.setDouble(9, o.totalMs());
                upsert.setLong(10, o.fingerprints());
                upsert.setLong(11, o.findings().size());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The reported count replaces an earlier report of the same request; what was analysed here stays. */
    private static void upsertReportedRequests(Connection connection, List<ReportedRequest> requests)
            throws SQLException {
        Map<Key, ReportedRequest> latest = new HashMap<>();
        for (ReportedRequest r : requests) {
            latest.merge(new Key(0, r.service(), r.key(), null), r, (a, b) -> b.timestamp() >= a.timestamp() ? b : a);
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO queries_requests (service, request_key, request_id, trace_id, endpoint, first_seen, "
                        + "last_seen, query_count, total_ms, fingerprints, findings, reported_queries, reported_time_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?) ON CONFLICT (service, request_key) DO UPDATE SET "
                        + "endpoint = CASE WHEN queries_requests.endpoint = '' THEN excluded.endpoint "
                        + "ELSE queries_requests.endpoint END, "
                        + "first_seen = CASE WHEN excluded.first_seen < queries_requests.first_seen "
                        + "THEN excluded.first_seen ELSE queries_requests.first_seen END, "
                        + "last_seen = CASE WHEN excluded.last_seen > queries_requests.last_seen "
                        + "THEN excluded.last_seen ELSE queries_requests.last_seen END, "
                        + "reported_queries = excluded.reported_queries, reported_time_ms = excluded.reported_time_ms")) {
            for (ReportedRequest r : sortedValues(latest)) {
                upsert.setString(1, r.service());
                upsert.setString(2, r.key());
                upsert.setString(3, r.requestId());
                upsert.setString(4, r.traceId());
                upsert.setString(5, r.endpoint());
                upsert.setLong(6, r.timestamp());
                upsert.setLong(7, r.timestamp());
                upsert.setLong(8, r.queryCount());
                if (r.queryTimeMs() == null) {
                    upsert.setNull(9, Types.DOUBLE);
                } else {
                    upsert.setDouble(9, r.queryTimeMs());
                }
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static RequestOutcome combine(RequestOutcome a, RequestOutcome b) {
        List<Finding> findings = new ArrayList<>(a.findings());
        findings.addAll(b.findings());
        return new RequestOutcome(a.service(), a.key(), a.requestId(), a.traceId(),
                                  a.endpoint() != null ? a.endpoint() : b.endpoint(),
                                  Math.min(a.firstTimestamp(), b.firstTimestamp()),
                                  Math.max(a.lastTimestamp(), b.lastTimestamp()), a.queryCount() + b.queryCount(),
                                  a.totalMs() + b.totalMs(), Math.max(a.fingerprints(), b.fingerprints()), findings);
    }

    /** One finding's occurrences in a batch, folded, so that each stored finding is written once per batch. */
    private static final class FindingTotals {
        final Finding.Kind kind;
        final String service;
        final String endpoint;
        final String fingerprint;
        RequestOutcome latest;
        Finding latestFinding;
        long maxRepeats;
        double totalMs;
        double maxMs;
        long requests;
        long firstSeen = Long.MAX_VALUE;

        FindingTotals(Finding.Kind kind, String service, String endpoint, String fingerprint) {
            this.kind = kind;
            this.service = service;
            this.endpoint = endpoint;
            this.fingerprint = fingerprint;
        }

        void add(RequestOutcome outcome, Finding finding) {
            requests++;
            totalMs = Ranges.addFinite(totalMs, finding.timeMs());
            maxMs = Math.max(maxMs, finding.timeMs());
            maxRepeats = Math.max(maxRepeats, finding.repeats());
            firstSeen = Math.min(firstSeen, outcome.firstTimestamp());
            if (latest == null || outcome.lastTimestamp() >= latest.lastTimestamp()) {
                latest = outcome;
                latestFinding = finding;
            }
        }
    }

    private static void upsertFindings(Connection connection, List<RequestOutcome> outcomes) throws SQLException {
        // Each request adds to the finding of its (kind, service, endpoint, fingerprint): one more request, its
        // time to the total, its repeat count to the largest seen; the example and last request become the latest.
        Map<Key, FindingTotals> findings = new HashMap<>();
        for (RequestOutcome outcome : outcomes) {
            String endpoint = outcome.endpoint() == null ? "" : outcome.endpoint();
            for (Finding finding : outcome.findings()) {
                // Four parts in a three-part key: endpoint and fingerprint joined (a fingerprint holds no newline).
                Key key = new Key(0, finding.kind().name(), outcome.service(), endpoint + "\n" + finding.fingerprint());
                findings.computeIfAbsent(key, k -> new FindingTotals(finding.kind(), outcome.service(), endpoint,
                                                                     finding.fingerprint()))
                        .add(outcome, finding);
            }
        }
        if (findings.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO queries_findings (kind, service, endpoint, fingerprint, example_sql, max_repeats, "
                        + "last_repeats, total_time_ms, max_time_ms, requests, first_seen, last_seen, last_request) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (kind, service, endpoint, fingerprint) DO UPDATE SET "
                        + "example_sql = excluded.example_sql, "
                        + "max_repeats = CASE WHEN excluded.max_repeats > queries_findings.max_repeats "
                        + "THEN excluded.max_repeats ELSE queries_findings.max_repeats END, "
                        + "last_repeats = excluded.last_repeats, "
                        + "total_time_ms = queries_findings.total_time_ms + excluded.total_time_ms, "
                        + "max_time_ms = CASE WHEN excluded.max_time_ms > queries_findings.max_time_ms "
                        + "THEN excluded.max_time_ms ELSE queries_findings.max_time_ms END, "
                        + "requests = queries_findings.requests + excluded.requests, "
                        + "last_seen = CASE WHEN excluded.last_seen > queries_findings.last_seen "
                        + "THEN excluded.last_seen ELSE queries_findings.last_seen END, "
                        + "last_request = excluded.last_request")) {
            for (FindingTotals f : sortedValues(findings)) {
                upsert.setString(1, f.kind.name());
                upsert.setString(2, f.service);
                upsert.setString(3, f.endpoint);
                upsert.setString(4, f.fingerprint);
                upsert.setString(5, f.latestFinding.exampleSql());
                upsert.setLong(6, f.maxRepeats);
                upsert.setLong(7, f.latestFinding.repeats());
                upsert.setDouble(8, f.totalMs);
                upsert.setDouble(9, f.maxMs);
                upsert.setLong(10, f.requests);
                upsert.setLong(11, f.firstSeen);
                upsert.setLong(12, f.latest.lastTimestamp());
                upsert.setString(13, f.latest.key());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    static long minute(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MS) * MINUTE_MS;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String cut(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
