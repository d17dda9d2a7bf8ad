package dev.vigil.plugins.dependencies;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import dev.vigil.api.Jobs;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Short handlers: read the request, ask {@link ScanService} or the {@link Report}, answer JSON. Every answer that
 * lists findings carries {@code vulnerabilities_checked}, and the plain message when it is false.
 */
final class DependenciesRoutes {

    private final ScanService scans;
    private final Jobs jobs;
    private final JsonSupport json;
    private final LiveConfig<DependenciesConfig> config;

    DependenciesRoutes(ScanService scans, Jobs jobs, JsonSupport json, LiveConfig<DependenciesConfig> config) {
        this.scans = scans;
        this.jobs = jobs;
        this.json = json;
        this.config = config;
    }

    void scan(ServerRequest request, ServerResponse response) {
        Optional<Jobs.Job> running = jobs.list().stream()
                .filter(job -> ScanService.FULL_SCAN.equals(job.kind()) && !finished(job)).findFirst();
        Jobs.Job job = running.orElseGet(() -> scans.submitFullScan("requested by "
                                                                            + Caller.of(request).tokenName()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job_id", job.id());
        body.put("kind", job.kind());
        body.put("state", job.state());
        body.put("already_running", running.isPresent());
        body.put("status_url", "/api/v1/dependencies/jobs/" + job.id());
        response.header(HeaderNames.LOCATION, "/api/v1/dependencies/jobs/" + job.id());
        json.send(response, Status.ACCEPTED_202, body);
    }

    void job(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        Jobs.Job job = jobs.find(id).orElseThrow(() -> ApiException.notFound(
                "no job '" + id + "' in the dependencies plugin (jobs are kept in memory, the newest 50 since the "
                        + "plugin started)"));
        json.send(response, job);
    }

    void report(ServerRequest request, ServerResponse response) {
        json.send(response, scans.report());
    }

    void vulnerabilities(ServerRequest request, ServerResponse response) {
        Set<Severity> severities = enumSet(request, "severity", Severity.class);
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        Predicate<Report.Located> where = scope(request, report).and(ecosystems(request));
        List<Report.VulnerabilityView> found = Report.vulnerabilityViews(snapshot.located(), where).stream()
                .filter(v -> severities.contains(v.severity())).toList();
        Map<String, Object> body = header(report);
        body.put("severity", severities.stream().map(Severity::label).toList());
        body.put("count", found.size());
        body.put("vulnerabilities", found);
        json.send(response, body);
    }

    void outdated(ServerRequest request, ServerResponse response) {
        Set<UpdateType> types = enumSet(request, "update_type", UpdateType.class);
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        Predicate<Report.Located> where = scope(request, report);
        List<Report.OutdatedView> found = Report.outdatedViews(snapshot.located(), where).stream()
                .filter(o -> types.contains(o.updateType())).toList();
        List<Map<String, Object>> unknown = new ArrayList<>();
        for (Report.Located each : snapshot.located()) {
            Component c = each.component();
            if (where.test(each) && Report.notDetermined(c)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", c.name());
                entry.put("group_id", c.groupId());
                entry.put("version", c.version());
                entry.put("ecosystem", c.ecosystem().key());
                entry.put("purl", c.purl());
                entry.put("file", c.file());
                entry.put("status", c.outdated().status());
                entry.put("error", c.outdated().error());
                entry.put("cached", c.outdated().cached());
                unknown.add(entry);
            }
        }
        DependenciesConfig.Outdated outdated = config.get().outdated();
        Map<String, Object> body = header(report);
        body.put("repository_url", outdated.enabled() ? outdated.repositoryUrl() : null);
        Map<String, String> registries = new LinkedHashMap<>();
        if (outdated.enabled()) {
            registries.put("maven", outdated.repositoryUrl());
            registries.put("pypi", outdated.registries().pypi());
            registries.put("npm", outdated.registries().npm());
        }
        body.put("registries", registries);
        body.put("update_type", types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList());
        body.put("count", found.size());
        body.put("outdated", found);
        body.put("not_determined", unknown);
        json.send(response, body);
    }

    void components(ServerRequest request, ServerResponse response) {
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        List<Report.ComponentView> found = Report.componentViews(snapshot.located(),
                                                                 scope(request, report).and(ecosystems(request)));
        Map<String, Object> body = header(report);
        body.put("count", found.size());
        body.put("components", found);
        json.send(response, body);
    }

    /** Every component's licences; {@code ?denied=true} only the licence findings, {@code false} the others. */
    void licenses(ServerRequest request, ServerResponse response) {
        Optional<Boolean> denied = QueryParams.string(request, "denied").map(value -> switch (value.trim()
                .toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "invalid_parameter", "query parameter 'denied' must be true or "
                    + "false, got '" + value + "'", Map.of("parameter", "denied"), null);
        });
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        Predicate<Report.Located> where = scope(request, report);
        if (denied.isPresent()) {
            boolean wanted = denied.get();
            where = where.and(each -> each.component().licenseDenied() == wanted);
        }
        List<Report.LicenseView> found = Report.licenseViews(snapshot.located(), where);
        Map<String, Object> body = header(report);
        body.put("deny", config.get().licenses().deny());
        body.put("denied", denied.orElse(null));
        body.put("count", found.size());
        body.put("license_findings", report.summary().licenseFindings());
        body.put("components", found);
        json.send(response, body);
    }

    /** Each plugin file with the totals of its findings: what the report says about each plugin. */
    void plugins(ServerRequest request, ServerResponse response) {
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (Report.TargetView target : report.targets()) {
            if ("plugin".equals(target.kind())) {
                plugins.add(pluginSummary(snapshot, target));
            }
        }
        Map<String, Object> body = header(report);
        body.put("plugins", plugins);
        json.send(response, body);
    }

    void plugin(ServerRequest request, ServerResponse response) {
        String id = request.path().pathParameters().get("id");
        ScanService.Snapshot snapshot = scans.snapshot();
        Report report = snapshot.report();
        Report.TargetView target = pluginTarget(report, id).orElseThrow(() -> ApiException.notFound(
                "no scanned plugin '" + id + "'; scanned plugins: " + scannedPlugins(report)));
        List<Report.Located> located = snapshot.located().stream()
                .filter(each -> each.target().key().equals(target.target())).toList();
        Map<String, Object> body = pluginSummary(snapshot, target);
        body.put("health", HealthScore.of(located.stream().map(Report.Located::component).toList(),
                                          target.vulnerabilitiesChecked()));
        body.put("components", Report.componentViews(located, each -> true));
        body.put("vulnerabilities", Report.vulnerabilityViews(located, each -> true));
        body.put("outdated", Report.outdatedViews(located, each -> true));
        json.send(response, body);
    }

    void history(ServerRequest request, ServerResponse response) {
        int limit = QueryParams.integer(request, "limit", 20, 1, 1000);
        json.send(response, Map.of("scans", scans.history(limit)));
    }

    private static Map<String, Object> pluginSummary(ScanService.Snapshot snapshot, Report.TargetView target) {
        Report report = snapshot.report();
        Map<String, Object> plugin = new LinkedHashMap<>();
        plugin.put("plugin_id", target.pluginId());
        plugin.put("file", target.location());
        plugin.put("target", target.target());
        plugin.put("scanned_at", target.scannedAt());
        plugin.put("vulnerabilities_checked", target.vulnerabilitiesChecked());
        if (!target.vulnerabilitiesChecked()) {
            plugin.put("message", report.vulnerabilityData().message());
        }
        plugin.put("components", target.components());
        List<Report.Located> mine = snapshot.located().stream()
                .filter(each -> each.target().key().equals(target.target())).toList();
        Map<String, Integer> severities = new LinkedHashMap<>();
        severities.put("total", target.vulnerabilities());
        for (Severity severity : Severity.values()) {
            severities.put(severity.label(), 0);
        }
        mine.forEach(each -> each.component().vulnerabilities()
                .forEach(v -> severities.merge(v.severity().label(), 1, Integer::sum)));
        // null, not zeros, when nothing was checked: zeros would read as a clean plugin
        plugin.put("vulnerability_counts", target.vulnerabilitiesChecked() ? severities : null);
        plugin.put("outdated_count", target.outdated());
        plugin.put("health_score", HealthScore.of(mine.stream().map(Report.Located::component).toList(),
                                                  target.vulnerabilitiesChecked()).score());
        return plugin;
    }

    /** A plugin by its id or its file name. */
    private static Optional<Report.TargetView> pluginTarget(Report report, String id) {
        return report.targets().stream().filter(t -> "plugin".equals(t.kind()))
                .filter(t -> id.equals(t.pluginId()) || t.target().equals("plugin:" + id)).findFirst();
    }

    private static String scannedPlugins(Report report) {
        List<String> names = report.targets().stream().filter(t -> "plugin".equals(t.kind()))
                .map(t -> t.pluginId() != null ? t.pluginId() : t.target().substring("plugin:".length())).toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The fields every listing starts with: whether vulnerabilities were checked and, if not, why. */
    private static Map<String, Object> header(Report report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scanned", report.scanned());
        body.put("scanned_at", report.scannedAt());
        body.put("vulnerabilities_checked", report.vulnerabilitiesChecked());
        body.put("vulnerability_data", report.vulnerabilityData());
        if (report.message() != null) {
            body.put("message", report.message());
        }
        return body;
    }

    /** {@code ?plugin=} (id or file name) and {@code ?target=} narrow a listing; an unknown one is a 404. */
    private static Predicate<Report.Located> scope(ServerRequest request, Report report) {
        Predicate<Report.Located> where = each -> true;
        Optional<String> plugin = QueryParams.string(request, "plugin");
        if (plugin.isPresent()) {
            Report.TargetView target = pluginTarget(report, plugin.get()).orElseThrow(() -> ApiException.notFound(
                    "no scanned plugin '" + plugin.get() + "'; scanned plugins: " + scannedPlugins(report)));
            where = where.and(each -> each.target().key().equals(target.target()));
        }
        Optional<String> target = QueryParams.string(request, "target");
        if (target.isPresent()) {
            if (report.targets().stream().noneMatch(t -> t.target().equals(target.get()))) {
                throw ApiException.notFound("no scanned target '" + target.get() + "'; targets: "
                        + report.targets().stream().map(Report.TargetView::target).toList());
            }
            where = where.and(each -> each.target().key().equals(target.get()));
        }
        return where;
    }

    /** {@code ?ecosystem=} one or more of maven, pypi, npm, other: components from those package worlds only. */
    private static Predicate<Report.Located> ecosystems(ServerRequest request) {
        Set<Ecosystem> chosen = enumSet(request, "ecosystem", Ecosystem.class);
        return each -> chosen.contains(each.component().ecosystem());
    }

    /** A comma-separated list of enum names, without case; absent means all. */
    private static <E extends Enum<E>> Set<E> enumSet(ServerRequest request, String name, Class<E> type) {
        Optional<String> raw = QueryParams.string(request, name);
        if (raw.isEmpty()) {
            return EnumSet.allOf(type);
        }
        Map<String, E> byName = new LinkedHashMap<>();
        for (E value : type.getEnumConstants()) {
            byName.put(value.name().toLowerCase(Locale.ROOT), value);
        }
        Set<E> chosen = EnumSet.noneOf(type);
        for (String part : raw.get().split(",")) {
            E value = byName.get(part.trim().toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new ApiException(400, "invalid_parameter", "query parameter '" + name + "' must be one or more "
                        + "of " + new TreeSet<>(byName.keySet()) + " separated by commas, got '" + raw.get() + "'",
                                       Map.of("parameter", name), null);
            }
            chosen.add(value);
        }
        return chosen;
    }

    private static boolean finished(Jobs.Job job) {
        return job.state() != Jobs.State.QUEUED && job.state() != Jobs.State.RUNNING;
    }
}
