package dev.vigil.plugins.alerts;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.Signals;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Short handlers: read the request, call the class that does the work, answer JSON (or CSV). */
final class AlertsRoutes {

    private static final long SMALL_BODY = 16 * 1024;
    private static final int MAX_HOURS = 2160;
    private static final TypeReference<LinkedHashMap<String, Object>> VIEW = new TypeReference<>() {
    };

    private final LiveConfig<AlertsConfig> config;
    private final AlertEngine engine;
    private final AlertStore alerts;
    private final RuleBook rules;
    private final ChannelBook channels;
    private final SilenceStore silences;
    private final DeliveryStore deliveries;
    private final BaselineService baselines;
    private final TrendAnalyzer trends;
    private final Reports reports;
    private final Notifier notifier;
    private final Signals signals;
    private final JsonSupport json;
    private final Clock clock;

    AlertsRoutes(LiveConfig<AlertsConfig> config, AlertEngine engine, AlertStore alerts, RuleBook rules,
                 ChannelBook channels, SilenceStore silences, DeliveryStore deliveries, BaselineService baselines,
                 TrendAnalyzer trends, Reports reports, Notifier notifier, Signals signals, JsonSupport json,
                 Clock clock) {
        this.config = config;
        this.engine = engine;
        this.alerts = alerts;
        this.rules = rules;
        this.channels = channels;
        this.silences = silences;
        this.deliveries = deliveries;
        this.baselines = baselines;
        this.trends = trends;
        this.reports = reports;
        this.notifier = notifier;
        this.signals = signals;
        this.json = json;
        this.clock = clock;
    }

    // --- alerts

    void listAlerts(ServerRequest request, ServerResponse response) {
        boolean activeOnly = QueryParams.bool(request, "active_only", false);
        String severity = QueryParams.oneOf(request, "severity", null, Set.of("warning", "critical"));
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        int limit = QueryParams.integer(request, "limit", 200, 1, 1000);
        String rule = QueryParams.string(request, "rule").orElse(null);
        List<Alert> found = alerts.list(activeOnly, severity == null ? null : Severity.parse(severity), rule,
                                        clock.instant().minus(Duration.ofHours(hours)), limit);
        json.send(response, Map.of("alerts", found, "count", found.size()));
    }

    void getAlert(ServerRequest request, ServerResponse response) {
        long id = id(request);
        Alert alert = alerts.find(id).orElseThrow(() -> ApiException.notFound("no alert has id " + id));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alert", alert);
        body.put("history", alerts.history(id));
        body.put("deliveries", deliveries.list(id, null, null, Instant.EPOCH, 500));
        json.send(response, body);
    }

    void acknowledge(ServerRequest request, ServerResponse response) throws SQLException {
        long id = id(request);
        String comment = comment(request);
        json.send(response, Map.of("alert", engine.acknowledge(id, Caller.of(request).tokenName(), comment)));
    }

    void resolve(ServerRequest request, ServerResponse response) throws SQLException {
        long id = id(request);
        String comment = comment(request);
        json.send(response, Map.of("alert", engine.resolveByHand(id, Caller.of(request).tokenName(), comment)));
    }

    void acknowledgeAll(ServerRequest request, ServerResponse response) {
        Bodies.BulkRequest wanted = bulkRequest(request);
        List<BulkResult> results = engine.acknowledgeAll(wanted.ids(), Caller.of(request).tokenName(),
                                                         wanted.comment());
        json.send(response, bulkAnswer(results, BulkResult.Outcome.ACKNOWLEDGED));
    }

    void resolveAll(ServerRequest request, ServerResponse response) {
        Bodies.BulkRequest wanted = bulkRequest(request);
        List<BulkResult> results = engine.resolveAll(wanted.ids(), Caller.of(request).tokenName(), wanted.comment());
        json.send(response, bulkAnswer(results, BulkResult.Outcome.RESOLVED));
    }

    private Bodies.BulkRequest bulkRequest(ServerRequest request) {
        if (!request.content().hasEntity()) {
            throw ApiException.badRequest("the body must be a JSON object: {\"ids\": [1, 2, 3], "
                                                  + "\"comment\": \"...\"}");
        }
        return Bodies.bulkRequest(json.readTree(request, SMALL_BODY));
    }

    /** One result per id and how many had each outcome: 200 even when only some ids could be changed. */
    private static Map<String, Object> bulkAnswer(List<BulkResult> results, BulkResult.Outcome done) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (BulkResult.Outcome outcome : List.of(done, BulkResult.Outcome.ALREADY_RESOLVED,
                                                  BulkResult.Outcome.NOT_FOUND, BulkResult.Outcome.FAILED)) {
            counts.put(outcome.label(), 0);
        }
        results.forEach(r -> counts.merge(r.outcome().label(), 1, Integer::sum));
        return Map.of("results", results, "counts", counts);
    }

    void evaluate(ServerRequest request, ServerResponse response) {
        json.send(response, engine.evaluate());
    }

    void status(ServerRequest request, ServerResponse response) {
        AlertsConfig settings = config.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("evaluation_interval", Durations.format(settings.evaluationInterval()));
        body.put("last_evaluation", engine.lastEvaluation());
        body.put("trackers", engine.trackerSummary());
        List<RuleBook.Effective> effective = rules.effective();
        body.put("rules", Map.of("total", effective.size(),
                                 "enabled", effective.stream().filter(e -> e.rule().enabled()).count()));
        List<Map<String, Object>> inForce = new ArrayList<>();
        for (ChannelBook.Effective inUse : channels.effective()) {
            Channel channel = inUse.channel();
            // The URL may hold a secret (Slack and Discord put the key in it): only name and type are shown.
            inForce.add(Map.of("name", channel.name(), "type", channel.type().label(), "enabled", channel.enabled(),
                               "source", inUse.source().name().toLowerCase(java.util.Locale.ROOT)));
        }
        body.put("channels", inForce);
        body.put("notifications", Map.of("pending", notifier.pending(), "delivered", notifier.delivered(),
                                         "gave_up", notifier.failed()));
        body.put("silences_active", silences.activeAt(clock.instant()).size());
        json.send(response, body);
    }

    // --- rules

    void listRules(ServerRequest request, ServerResponse response) {
        Set<String> seen = signals.names();
        List<ObjectNode> views = rules.effective().stream().map(e -> ruleView(e, seen)).toList();
        json.send(response, Map.of("rules", views, "count", views.size()));
    }

    void getRule(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        RuleBook.Effective rule = rules.find(name)
                .orElseThrow(() -> ApiException.notFound("no rule is named '" + name + "'"));
        json.send(response, ruleView(rule, signals.names()));
    }

    void putRule(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        RuleBook.Stored stored = rules.put(name, json.readTree(request, SMALL_BODY), Caller.of(request).tokenName());
        json.send(response, stored.created() ? Status.CREATED_201 : Status.OK_200,
                  ruleView(stored.rule(), signals.names()));
    }

    void patchRule(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        RuleBook.Stored stored = rules.patch(name, json.readTree(request, SMALL_BODY), Caller.of(request).tokenName());
        json.send(response, ruleView(stored.rule(), signals.names()));
    }

    void deleteRule(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        var inForce = rules.delete(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deleted", name);
        body.put("now_in_force", inForce.map(e -> (Object) ruleView(e, signals.names())).orElse(null));
        json.send(response, body);
    }

    private ObjectNode ruleView(RuleBook.Effective effective, Set<String> seenSignals) {
        ObjectNode view = json.mapper().valueToTree(effective.rule());
        view.put("source", effective.source().name().toLowerCase(java.util.Locale.ROOT));
        view.put("overrides_file_rule", effective.overridesFileRule());
        view.set("updated_at", json.mapper().valueToTree(effective.updatedAt()));
        view.put("updated_by", effective.updatedBy());
        // A rule on a signal nobody publishes never fires: say so rather than stay silent.
        view.put("signal_seen", seenSignals.contains(effective.rule().signal()));
        return view;
    }

    // --- silences

    void listSilences(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        Instant now = clock.instant();
        List<Map<String, Object>> views = new ArrayList<>();
        for (Silence silence : silences.endingAfter(now.minus(Duration.ofHours(hours)))) {
            Map<String, Object> view = json.mapper().convertValue(silence, VIEW);
            view.put("active", silence.activeAt(now));
            views.add(view);
        }
        json.send(response, Map.of("silences", views, "count", views.size()));
    }

    void createSilence(ServerRequest request, ServerResponse response) {
        Instant now = clock.instant();
        Bodies.NewSilence wanted = Bodies.newSilence(json.readTree(request, SMALL_BODY), now);
        Silence silence = silences.add(wanted.matchers(), wanted.startsAt(), wanted.until(), wanted.comment(),
                                       Caller.of(request).tokenName(), now);
        json.send(response, Status.CREATED_201, Map.of("silence", silence));
    }

    void liftSilence(ServerRequest request, ServerResponse response) {
        long id = id(request);
        Silence silence = silences.find(id).orElseThrow(() -> ApiException.notFound("no silence has id " + id));
        if (!silences.lift(id, Caller.of(request).tokenName(), clock.instant())) {
            throw ApiException.conflict("silence " + id + " was already lifted", Map.of("silence_id", id));
        }
        json.send(response, Map.of("lifted", silence.id()));
    }

    // --- deliveries

    void listDeliveries(ServerRequest request, ServerResponse response) {
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        int limit = QueryParams.integer(request, "limit", 200, 1, 1000);
        Long alertId = QueryParams.string(request, "alert_id").map(text -> parseId("alert_id", text)).orElse(null);
        String channel = QueryParams.string(request, "channel").orElse(null);
        String outcome = QueryParams.oneOf(request, "outcome", null, Set.of(Delivery.DELIVERED, Delivery.FAILED,
                                                                             Delivery.GAVE_UP, Delivery.SILENCED,
                                                                             Delivery.DROPPED));
        List<Delivery> found = deliveries.list(alertId, channel, outcome,
                                               clock.instant().minus(Duration.ofHours(hours)), limit);
        json.send(response, Map.of("deliveries", found, "count", found.size(), "pending", notifier.pending()));
    }

    // --- baselines and trends

    void getBaseline(ServerRequest request, ServerResponse response) {
        List<Baseline> all = baselines.all();
        json.send(response, Map.of("baselines", all, "count", all.size()));
    }

    void establishBaseline(ServerRequest request, ServerResponse response) throws SQLException {
        Bodies.BaselineRequest wanted = request.content().hasEntity()
                ? Bodies.baselineRequest(json.readTree(request, SMALL_BODY))
                : new Bodies.BaselineRequest(null, null);
        int minutes = wanted.durationMinutes() == null ? config.get().baseline().defaultDurationMinutes()
                : wanted.durationMinutes();
        List<String> requested = wanted.signals();
        BaselineService.Result result = baselines.establish(minutes, requested, Caller.of(request).tokenName());
        json.send(response, Status.CREATED_201, result);
    }

    void trends(ServerRequest request, ServerResponse response) {
        String signal = QueryParams.string(request, "signal")
                .orElseThrow(() -> ApiException.invalidField("signal", "is required, e.g. ?signal=requests.p95_ms"));
        if (!Rule.SIGNAL.matcher(signal).matches()) {
            throw ApiException.invalidField("signal", "'" + signal + "' is not a signal name");
        }
        int hours = QueryParams.integer(request, "hours", 1, 1, 168);
        Map<String, String> matchers = new TreeMap<>();
        for (String name : request.query().names()) {
            if (name.startsWith("label.")) {
                matchers.put(name.substring("label.".length()), request.query().first(name).orElse(""));
            }
        }
        try {
            LabelMatchers.validate("label", matchers);
        } catch (RuleException e) {
            throw e.asApiError();
        }
        List<TrendAnalyzer.Trend> found = trends.trends(signal, matchers, Duration.ofHours(hours));
        json.send(response, Map.of("signal", signal, "hours", hours, "trends", found));
    }

    // --- reports

    void report(ServerRequest request, ServerResponse response) {
        String type = QueryParams.oneOf(request, "type", "summary", Set.of("summary", "detailed"));
        String format = QueryParams.oneOf(request, "format", "json", Set.of("json", "csv"));
        int hours = QueryParams.integer(request, "hours", 24, 1, MAX_HOURS);
        if (format.equals("json")) {
            json.send(response, type.equals("summary") ? reports.summary(hours) : reports.detailed(hours));
            return;
        }
        String csv = type.equals("summary") ? reports.summaryCsv(hours) : reports.detailedCsv(hours);
        response.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"vigil-alerts-" + type + "-"
                + hours + "h.csv\"");
        response.send(csv.getBytes(StandardCharsets.UTF_8));
    }

    // --- helpers

    private static long id(ServerRequest request) {
        return parseId("id", request.path().pathParameters().get("id"));
    }

    private static long parseId(String name, String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id < 1) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "must be a positive integer, got '" + text + "'");
        }
    }

    /** The optional {@code {"comment": "..."}} body of acknowledge and resolve. */
    private String comment(ServerRequest request) {
        return request.content().hasEntity() ? Bodies.comment(json.readTree(request, SMALL_BODY)) : null;
    }
}
