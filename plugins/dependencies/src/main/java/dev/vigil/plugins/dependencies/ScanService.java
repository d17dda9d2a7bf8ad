package dev.vigil.plugins.dependencies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import dev.vigil.api.Jobs;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.PluginEvent;

/**
 * Runs scans as jobs and keeps their results: full scans (on schedule and on request) replace every target's
 * findings; a plugin file that arrives is scanned alone and replaces only its own. After each scan the report's
 * figures go out as signals and into the scan history.
 */
final class ScanService {

    static final String FULL_SCAN = "scan";
    static final String PLUGIN_SCAN = "scan-plugins";
    private static final Duration POLL = Duration.ofMillis(200);

    private final String ownPluginId;
    private final LiveConfig<DependenciesConfig> config;
    private final TargetResolver resolver;
    private final DependencyScanner scanner;
    private final FindingsStore findings;
    private final ScanHistory history;
    private final RegistryCache registryAnswers;
    private final FindingSignals signals;
    private final Jobs jobs;
    private final Clock clock;
    private final System.Logger log;

    ScanService(String ownPluginId, LiveConfig<DependenciesConfig> config, TargetResolver resolver,
                DependencyScanner scanner, FindingsStore findings, ScanHistory history, RegistryCache registryAnswers,
                FindingSignals signals, Jobs jobs, Clock clock, System.Logger log) {
        this.ownPluginId = ownPluginId;
        this.config = config;
        this.resolver = resolver;
        this.scanner = scanner;
        this.findings = findings;
        this.history = history;
        this.registryAnswers = registryAnswers;
        this.signals = signals;
        this.jobs = jobs;
        this.clock = clock;
        this.log = log;
    }

    /** Starts a full scan, or answers the one already running. */
    Jobs.Job submitFullScan(String cause) {
        AtomicReference<String> jobId = new AtomicReference<>();
        Jobs.Job job = jobs.submit(FULL_SCAN, progress -> fullScan(progress, cause, jobId.get()));
        jobId.compareAndSet(null, job.id());
        return job;
    }

    /** The scheduled task: a full scan, waited for so that the task's runs show how long scans take. */
    void scheduledScan() throws InterruptedException {
        Jobs.Job job = submitFullScan("schedule");
        Jobs.Job finished = awaitJob(job.id());
        if (finished != null && finished.state() == Jobs.State.FAILED) {
            throw new IllegalStateException("the scheduled scan failed: " + finished.error());
        }
    }

    /** The report and the components it was built from, read together so they agree. */
    record Snapshot(Report report, List<Report.Located> located) {

        /** Distinct library versions whose licence {@code licenses.deny} matched: what the signal and history count. */
        int licenseFindingLibraries() {
            return Report.licenseFindingLibraries(located.stream().map(Report.Located::component).toList());
        }
    }

    Snapshot snapshot() {
        List<TargetResult> results = findings.all();
        Report report = Report.of(results, history.newestFull().orElse(null), clock.instant(),
                                  "POST /api/v1/dependencies/scan (admin) starts one; scans also run every "
                                          + Durations.text(config.get().scanInterval()) + ".");
        return new Snapshot(report, Report.located(results));
    }

    Report report() {
        return snapshot().report();
    }

    List<ScanHistory.Scan> history(int limit) {
        return history.newest(limit);
    }

    private Map<String, Object> fullScan(Jobs.Progress progress, String cause, String jobId) throws Exception {
        Instant started = clock.instant();
        DependenciesConfig settings = config.get();
        List<ScanTarget> targets = resolver.targets(settings);
        progress.update(0.01, "scanning " + targets.size() + " targets");
        Scanned scanned = scan(targets, settings, progress);
        findings.store(scanned.results(), started);
        return finish(jobId, "FULL", cause, started, scanned, progress);
    }

    private Map<String, Object> pluginScan(Jobs.Progress progress, Map<Path, String> files, String jobId)
            throws Exception {
        Instant started = clock.instant();
        DependenciesConfig settings = config.get();
        List<ScanTarget> targets = files.entrySet().stream().filter(entry -> Files.isRegularFile(entry.getKey()))
                .map(entry -> ScanTarget.plugin(entry.getKey(), entry.getValue())).toList();
        if (targets.isEmpty()) {
            return Map.of("targets", 0, "message", "the plugin files are gone");
        }
        Scanned scanned = scan(targets, settings, progress);
        List<TargetResult> results = scanned.results();
        findings.store(results, null);
        String cause = "plugin file" + (targets.size() > 1 ? "s" : "") + " arrived: "
                + targets.stream().map(t -> t.location().getFileName().toString()).collect(Collectors.joining(", "));
        for (TargetResult result : results) {
            Report.TargetView view = Report.targetView(result);
            log.log(System.Logger.Level.INFO, "plugin file {0} (plugin {1}): {2} components, {3} vulnerabilities{4}, "
                            + "{5} outdated", result.location(), result.pluginId(), view.components(),
                    view.vulnerabilities(), result.vulnerabilitiesChecked() ? "" : " (NOT checked)", view.outdated());
        }
        return finish(jobId, "PLUGIN", cause, started, scanned, progress);
    }

    /** One scan's results, and the vulnerability sources it consulted. */
    private record Scanned(List<TargetResult> results, List<VulnerabilitySource> sources) {
    }

    private Scanned scan(List<ScanTarget> targets, DependenciesConfig settings, Jobs.Progress progress)
            throws Exception {
        DependencyScanner.Outcome outcome = scanner.scan(targets, settings, progress);
        progress.update(0.75, "looking up newest versions");
        return new Scanned(withOutdated(outcome.results(), settings, progress), outcome.sources());
    }

    /**
     * One outdated check over every target's components, so each package is looked up once; then the licences
     * (the registries' among them) against {@code licenses.deny}.
     */
    private List<TargetResult> withOutdated(List<TargetResult> results, DependenciesConfig settings,
                                            Jobs.Progress progress) {
        List<Component> all = results.stream().flatMap(r -> r.components().stream()).toList();
        List<Component> checked = new LicensePolicy(settings.licenses().deny()).apply(
                new OutdatedChecker(settings.outdated(), registryAnswers, clock, log).check(all, progress, 0.75, 0.95));
        List<TargetResult> updated = new ArrayList<>(results.size());
        int next = 0;
        for (TargetResult result : results) {
            List<Component> own = checked.subList(next, next + result.components().size());
            next += result.components().size();
            updated.add(new TargetResult(result.key(), result.kind(), result.location(), result.pluginId(),
                                         result.fileSize(), result.fileModified(), result.scannedAt(),
                                         result.vulnerabilitiesChecked(), result.dataSource(), result.dataProblem(),
                                         result.dataUpdatedAt(), result.error(), own));
        }
        return updated;
    }

    /** After findings are stored: history, signals, a log line, and the job's result. */
    private Map<String, Object> finish(String jobId, String scope, String cause, Instant started, Scanned scan,
                                       Jobs.Progress progress) {
        List<TargetResult> scanned = scan.results();
        progress.update(0.97, "storing the report");
        Snapshot snapshot = snapshot();
        Report report = snapshot.report();
        Instant finished = clock.instant();
        HealthScore.Health health = report.health();
        Map<Severity, Integer> severities = health.vulnerabilities();
        int outdated = health.outdated().values().stream().mapToInt(Integer::intValue).sum();
        int licenseFindings = snapshot.licenseFindingLibraries();
        history.add(new ScanHistory.Scan(0, jobId, scope, cause, started, finished, scanned.size(),
                                         scanned.stream().mapToInt(r -> r.components().size()).sum(),
                                         report.vulnerabilitiesChecked(), severities.getOrDefault(Severity.CRITICAL, 0),
                                         severities.getOrDefault(Severity.HIGH, 0),
                                         severities.getOrDefault(Severity.MEDIUM, 0),
                                         severities.getOrDefault(Severity.LOW, 0),
                                         severities.getOrDefault(Severity.UNKNOWN, 0), outdated, health.score(),
                                         report.vulnerabilitiesChecked() ? null : report.vulnerabilityData().message(),
                                         scan.sources(), licenseFindings),
                    config.get().historySize());
        signals.publish(report, licenseFindings, finished);
        long took = Duration.between(started, finished).toMillis();
        String what = scope.toLowerCase(java.util.Locale.ROOT) + " scan (" + cause + ") finished in " + took + " ms: "
                + report.summary().components() + " components, " + outdated + " outdated"
                + (licenseFindings > 0 ? ", " + licenseFindings + " with a denied licence" : "");
        if (report.vulnerabilitiesChecked()) {
            log.log(System.Logger.Level.INFO, what + ", " + describe(severities) + ", health score " + health.score());
        } else {
            log.log(System.Logger.Level.WARNING, what + "; " + report.vulnerabilityData().message());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scope", scope.toLowerCase(java.util.Locale.ROOT));
        result.put("targets", scanned.stream().map(TargetResult::key).toList());
        result.put("components", scanned.stream().mapToInt(r -> r.components().size()).sum());
        result.put("vulnerabilities_checked", scanned.stream().allMatch(TargetResult::vulnerabilitiesChecked));
        result.put("report_health_score", health.score());
        result.put("report_vulnerabilities", report.summary().vulnerabilities());
        result.put("report_outdated", report.summary().outdated());
        result.put("vulnerability_sources", scan.sources());
        result.put("report_license_findings", report.summary().licenseFindings());
        result.put("duration_ms", took);
        result.put("message", report.message());
        return result;
    }

    /** "no known vulnerabilities" or "3 known vulnerabilities (critical 1, high 2)", counted per library version. */
    private static String describe(Map<Severity, Integer> severities) {
        int total = severities.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "no known vulnerabilities";
        }
        return total + " known vulnerabilities (" + severities.entrySet().stream()
                .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * The plugin-event handler: scans plugin files that arrived or changed, as one job per batch of events, and
     * forgets files that were removed. Runs on the subscription's own thread and waits for its job, so the next
     * batch never finds the previous job still running.
     */
    void onPluginEvents(List<PluginEvent> events) {
        DependenciesConfig settings = config.get();
        if (!settings.scanPlugins()) {
            return;
        }
        Map<Path, String> arrived = new LinkedHashMap<>();
        boolean removed = false;
        for (PluginEvent event : events) {
            if (event.file() == null || ownPluginId.equals(event.pluginId())) {
                continue; // this plugin's own file is covered by the full scans
            }
            Path file = event.file().toAbsolutePath().normalize();
            switch (event.state()) {
                case "STARTED", "FAILED" -> {
                    if (changedSinceScanned(file)) {
                        arrived.put(file, pluginIdOf(event, file));
                    }
                }
                case "UNLOADED" -> {
                    if (!Files.exists(file)) {
                        findings.delete(ScanTarget.pluginKey(file));
                        removed = true;
                        log.log(System.Logger.Level.INFO, "plugin file {0} removed: its findings are dropped",
                                file.getFileName());
                    }
                }
                default -> {
                    // STOPPED: the file is unchanged, so are its findings
                }
            }
        }
        if (removed && arrived.isEmpty()) {
            Snapshot snapshot = snapshot();
            signals.publish(snapshot.report(), snapshot.licenseFindingLibraries(), clock.instant());
        }
        if (arrived.isEmpty()) {
            return;
        }
        try {
            submitAndAwaitPluginScan(arrived);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the plugin is stopping
        }
    }

    private void submitAndAwaitPluginScan(Map<Path, String> files) throws InterruptedException {
        AtomicReference<String> jobId = new AtomicReference<>();
        Jobs.Job job = jobs.submit(PLUGIN_SCAN, progress -> pluginScan(progress, files, jobId.get()));
        // The previous job of this kind may be finishing this very moment; then submit returned it.
        while (job.state() != Jobs.State.QUEUED && job.state() != Jobs.State.RUNNING) {
            Thread.sleep(POLL);
            job = jobs.submit(PLUGIN_SCAN, progress -> pluginScan(progress, files, jobId.get()));
        }
        jobId.compareAndSet(null, job.id());
        awaitJob(job.id());
    }

    /** Waits for a job to end; null if it is no longer known. */
    private Jobs.Job awaitJob(String id) throws InterruptedException {
        while (true) {
            Optional<Jobs.Job> job = jobs.find(id);
            if (job.isEmpty()) {
                return null;
            }
            Jobs.State state = job.get().state();
            if (state != Jobs.State.QUEUED && state != Jobs.State.RUNNING) {
                return job.get();
            }
            Thread.sleep(POLL);
        }
    }

    /** Whether the stored findings for this file are missing or describe an older version of it. */
    private boolean changedSinceScanned(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        ScanTarget.FileStamp now = ScanTarget.plugin(file, null).stamp();
        return findings.find(ScanTarget.pluginKey(file))
                .map(stored -> stored.fileSize() != now.size() || stored.fileModified() != now.modifiedMillis())
                .orElse(true);
    }

    private static String pluginIdOf(PluginEvent event, Path file) {
        // an invalid file's event carries a made-up id; the descriptor says what the file declares
        String declared = TargetResolver.pluginId(file);
        return declared != null ? declared : event.pluginId();
    }
}
