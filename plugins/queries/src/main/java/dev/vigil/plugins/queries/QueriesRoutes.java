package dev.vigil.plugins.queries;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.IngestBatch;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.services.TraceLinks;
import dev.vigil.plugins.queries.QueryReader.StoredStatement;
import dev.vigil.plugins.queries.Views.FindingView;
import dev.vigil.plugins.queries.Views.RequestDetail;
import dev.vigil.plugins.queries.Views.RequestFinding;
import dev.vigil.plugins.queries.Views.RequestRow;
import dev.vigil.plugins.queries.Views.RequestShape;
import dev.vigil.plugins.queries.Views.RequestStatement;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers: read the request, call the intake or the reader, answer JSON. */
final class QueriesRoutes {

    private static final Pattern FINGERPRINT_ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_REQUEST_STATEMENTS = 10_000;

    private final LiveConfig<QueriesConfig> config;
    private final QueryIntake intake;
    private final QueryReader reader;
    private final QueryMetrics metrics;
    private final JsonSupport json;
    private final Clock clock;
    private final TraceLinks traceLinks;

    QueriesRoutes(LiveConfig<QueriesConfig> config, QueryIntake intake, QueryReader reader, QueryMetrics metrics,
                  JsonSupport json, Clock clock, TraceLinks traceLinks) {
        this.config = config;
        this.intake = intake;
        this.reader = reader;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.traceLinks = traceLinks;
    }

    /** POST /ingest: the whole batch is validated, then stored; 200 only once it is committed. */
    void ingest(ServerRequest request, ServerResponse response) {
        QueriesConfig settings = config.get();
        JsonNode body = json.readTree(request, settings.maxBodyBytes());
        IngestParser parser = new IngestParser(settings.maxSqlLength(), settings.timestampWindow(clock.instant()));
        List<Statement> statements;
        try {
            statements = intake.analyse(IngestBatch.parse(request, body, settings.maxBatchRecords(), parser::parse));
            intake.storeAndWait(statements);
        } catch (ApiException refused) {
            metrics.rejected(IngestBatch.offered(body));
            throw refused;
        }
        metrics.accepted(statements.size());
        long shapes = statements.stream().map(s -> s.fingerprint().id()).distinct().count();
        json.send(response, Map.of("accepted", statements.size(), "fingerprints", shapes));
    }

    void summary(ServerRequest request, ServerResponse response) {
        QueriesConfig settings = config.get();
        int hours = hours(request);
        long since = since(hours);
        String service = QueryParams.string(request, "service").orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hours", hours);
        body.put("service", service);
        body.put("from", Instant.ofEpochMilli(since));
        body.put("to", clock.instant());
        body.putAll(reader.summary(since, QueryWriter.minute(since), service, settings.queryCountThreshold(),
                                   settings.slowQueryMs()));
        body.put("top_fingerprints", reader.fingerprints(QueryWriter.minute(since), service,
                                                         QueryReader.Sort.TOTAL_TIME, 5));
        body.put("intake", intake.state());
        json.send(response, body);
    }

    void fingerprints(ServerRequest request, ServerResponse response) {
        int hours = hours(request);
        String sort = QueryParams.oneOf(request, "sort", "total_time", Set.of("total_time", "count", "avg"));
        int limit = QueryParams.integer(request, "limit", 50, 1, 500);
        String service = QueryParams.string(request, "service").orElse(null);
        json.send(response, Map.of("hours", hours, "sort", sort, "fingerprints",
                                   reader.fingerprints(QueryWriter.minute(since(hours)), service,
                                                       QueryReader.Sort.of(sort), limit)));
    }

    void fingerprint(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        int hours = hours(request);
        if (!FINGERPRINT_ID.matcher(id).matches()) {
            throw ApiException.notFound("no fingerprint '" + id + "': ids are 16 lower-case hex digits");
        }
        long since = since(hours);
        List<FindingView> findings = withTraceLinks(reader.findings(null, null, id, null, 100));
        List<Views.SlowStatement> slowest = reader.slow(since, 0, null, id, 10);
        json.send(response, reader.fingerprint(id, QueryWriter.minute(since), hours, findings, slowest)
                .orElseThrow(() -> ApiException.notFound("no fingerprint '" + id + "' is known")));
    }

    void slow(ServerRequest request, ServerResponse response) {
        QueriesConfig settings = config.get();
        int hours = hours(request);
        int limit = QueryParams.integer(request, "limit", 20, 1, 1000);
        double minMs = QueryParams.number(request, "min_ms", settings.slowQueryMs(), 0, 1e9);
        String service = QueryParams.string(request, "service").orElse(null);
        String fingerprint = QueryParams.string(request, "fingerprint").orElse(null);
        json.send(response, Map.of("hours", hours, "min_ms", minMs, "statements",
                                   reader.slow(since(hours), minMs, service, fingerprint, limit)));
    }

    void nPlusOne(ServerRequest request, ServerResponse response) {
        String kind = QueryParams.oneOf(request, "kind", "all", Set.of("all", "n_plus_one", "repeated_identical"));
        String service = QueryParams.string(request, "service").orElse(null);
        int limit = QueryParams.integer(request, "limit", 100, 1, 1000);
        Long since = QueryParams.string(request, "hours").isPresent() ? since(hours(request)) : null;
        String wanted = kind.equals("all") ? null : kind.toUpperCase(Locale.ROOT);
        List<FindingView> findings = withTraceLinks(reader.findings(wanted, service, null, since, limit));
        json.send(response, Map.of("n_plus_one_min_repeats", config.get().nPlusOneMinRepeats(), "findings", findings));
    }

    /** Findings whose last request's trace is kept link to it. */
    private List<FindingView> withTraceLinks(List<FindingView> findings) {
        List<String> traceIds = findings.stream().map(FindingView::lastTraceId).filter(id -> id != null)
                .distinct().toList();
        Map<String, String> kept = traceIds.isEmpty() ? Map.of() : traceLinks.kept(traceIds);
        return findings.stream().map(f -> f.lastTraceId() == null ? f : f.withTrace(kept.get(f.lastTraceId())))
                .toList();
    }

    void requests(ServerRequest request, ServerResponse response) {
        QueriesConfig settings = config.get();
        int hours = hours(request);
        int minQueries = QueryParams.integer(request, "min_queries", settings.queryCountThreshold() + 1, 0,
                                             Integer.MAX_VALUE);
        int limit = QueryParams.integer(request, "limit", 50, 1, 1000);
        String service = QueryParams.string(request, "service").orElse(null);
        json.send(response, Map.of("hours", hours, "min_queries", minQueries, "query_count_threshold",
                                   settings.queryCountThreshold(), "requests",
                                   reader.requests(since(hours), minQueries, service,
                                                   settings.queryCountThreshold(), limit)));
    }

    /**
     * GET /requests/{request_id}: the request's statements and what they show, analysed now from what is stored
     * (so it works before the request's window closes), with the stored figures once it has been analysed.
     */
    void request(ServerRequest request, ServerResponse response) {
        QueriesConfig settings = config.get();
        String key = request.path().pathParameters().get("request_id");
        int limit = QueryParams.integer(request, "limit", 1000, 1, MAX_REQUEST_STATEMENTS);
        List<StoredStatement> stored = reader.statementsOf(key, MAX_REQUEST_STATEMENTS);
        List<RequestRow> rows = reader.request(key, settings.queryCountThreshold());
        if (stored.isEmpty() && rows.isEmpty()) {
            throw ApiException.notFound("no statements are known for request '" + key + "'");
        }
        Map<String, RequestQueries> byService = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Set<String> services = new LinkedHashSet<>();
        String endpoint = null;
        double totalMs = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        List<RequestStatement> statements = new ArrayList<>();
        for (StoredStatement each : stored) {
            Statement s = each.statement();
            byService.computeIfAbsent(s.service(), name -> new RequestQueries(name, key)).add(s);
            texts.putIfAbsent(s.fingerprint().id(), each.text());
            services.add(s.service());
            endpoint = endpoint == null ? s.endpoint() : endpoint;
            totalMs += s.durationMs();
            first = Math.min(first, s.timestamp());
            last = Math.max(last, s.timestamp());
            if (statements.size() < limit) {
                statements.add(new RequestStatement(Instant.ofEpochMilli(s.timestamp()), s.service(),
                                                    s.fingerprint().id(), s.sql(), s.durationMs(), s.rows(),
                                                    s.endpoint(), s.origin()));
            }
        }
        long queryCount = stored.size();
        Long reported = null;
        for (RequestRow row : rows) {
            if (row.reportedQueryCount() != null) {
                reported = (reported == null ? 0 : reported) + row.reportedQueryCount();
            }
        }
        if (stored.isEmpty()) {
            // The statements are past their retention; the analysed figures remain.
            for (RequestRow row : rows) {
                services.add(row.service());
                endpoint = endpoint == null ? row.endpoint() : endpoint;
                queryCount += row.queryCount();
                totalMs += row.totalTimeMs();
                first = Math.min(first, row.firstSeen().toEpochMilli());
                last = Math.max(last, row.lastSeen().toEpochMilli());
            }
        }
        List<RequestShape> shapes = new ArrayList<>();
        List<RequestFinding> findings = new ArrayList<>();
        for (RequestQueries queries : byService.values()) {
            for (RequestQueries.Shape shape : queries.shapes()) {
                shapes.add(new RequestShape(queries.service(), shape.fingerprint(), texts.get(shape.fingerprint()),
                                            shape.count(), shape.totalMs(), shape.distinctValues()));
            }
            for (Finding finding : NPlusOneDetector.findings(queries, settings.nPlusOneMinRepeats())) {
                findings.add(new RequestFinding(finding.kind().name(), queries.service(), queries.endpoint(),
                                                finding.fingerprint(), finding.exampleSql(), finding.repeats(),
                                                finding.timeMs()));
            }
        }
        shapes.sort(Comparator.comparingInt(RequestShape::executions).reversed());
        json.send(response, new RequestDetail(key, List.copyOf(services), endpoint, queryCount, totalMs, reported,
                                              Math.max(queryCount, reported == null ? 0 : reported)
                                                      > settings.queryCountThreshold(),
                                              settings.queryCountThreshold(), Instant.ofEpochMilli(first),
                                              Instant.ofEpochMilli(last), shapes, findings, statements,
                                              stored.size() > statements.size()
                                                      || stored.size() == MAX_REQUEST_STATEMENTS));
    }

    private static int hours(ServerRequest request) {
        return QueryParams.integer(request, "hours", 24, 1, 720);
    }

    private long since(int hours) {
        return clock.millis() - hours * 3_600_000L;
    }
}
