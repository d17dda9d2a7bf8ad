package dev.vigil.plugins.dependencies;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

import dev.vigil.api.Jobs;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.owasp.dependencycheck.Engine;
import org.owasp.dependencycheck.analyzer.Analyzer;
import org.owasp.dependencycheck.analyzer.NodeAuditAnalyzer;
import org.owasp.dependencycheck.analyzer.OssIndexAnalyzer;
import org.owasp.dependencycheck.data.nvdcve.DatabaseProperties;
import org.owasp.dependencycheck.dependency.Dependency;
import org.owasp.dependencycheck.exception.ExceptionCollection;
import org.owasp.dependencycheck.utils.Downloader;
import org.owasp.dependencycheck.utils.InvalidSettingException;
import org.owasp.dependencycheck.utils.Settings;

/**
 * Runs dependency-check over a set of targets and sorts what it finds back into those targets. One engine at a time
 * (a second scan waits): the engine is heavy, and two of them would fight over the data directory's lock.
 * When vulnerability data is configured but unusable, the scan still lists components, and says why vulnerabilities
 * were not checked.
 */
final class DependencyScanner {

    private static final int MAX_WARNINGS = 20;

    private final Path workDir;
    private final Clock clock;
    private final System.Logger log;
    private final ReentrantLock engineLock = new ReentrantLock();
    private final ProjectFiles projectFiles = new ProjectFiles(new ObjectMapper());

    DependencyScanner(Path workDir, Clock clock, System.Logger log) {
        this.workDir = workDir;
        this.clock = clock;
        this.log = log;
    }

    /**
     * What one scan found: every target's result, and how the vulnerability check went.
     *
     * @param warnings non-fatal problems dependency-check reported (a file it could not read...)
     */
    record Outcome(List<TargetResult> results, VulnerabilityData data, boolean vulnerabilitiesChecked,
                   String dataProblem, Instant dataUpdatedAt, List<String> warnings,
                   List<VulnerabilitySource> sources) {
    }

    /** What the engine returned for one run. */
    private record EngineRun(List<Component> components, Instant dataUpdatedAt, List<String> warnings,
                             VulnerabilitySource.AnalyzerRun ossIndex, VulnerabilitySource.AnalyzerRun nodeAudit) {
    }

    /** A run that could not use the vulnerability data; the reason is for the user. */
    private static final class DataUnusable extends Exception {
        DataUnusable(String reason) {
            super(reason, null, false, false);
        }
    }

    Outcome scan(List<ScanTarget> targets, DependenciesConfig config, Jobs.Progress progress)
            throws IOException, InterruptedException {
        if (!engineLock.tryLock()) {
            progress.update(0.01, "waiting for the scan that is running to finish");
            engineLock.lockInterruptibly();
        }
        try {
            return scanLocked(targets, config, progress);
        } finally {
            engineLock.unlock();
        }
    }

    private Outcome scanLocked(List<ScanTarget> targets, DependenciesConfig config, Jobs.Progress progress)
            throws IOException {
        VulnerabilityData data = VulnerabilityData.plan(config, workDir);
        List<ScanTarget> present = targets.stream().filter(ScanTarget::exists).toList();
        boolean checked = data.check();
        String problem = data.problem();
        EngineRun run;
        if (checked) {
            try {
                run = run(Engine.Mode.STANDALONE, present, config, data, progress);
            } catch (DataUnusable unusable) {
                checked = false;
                problem = "the dependency-check database could not be used: " + config.redact(unusable.getMessage());
                log.log(System.Logger.Level.WARNING, "vulnerabilities NOT checked: " + problem
                        + "; listing components only");
                run = runWithoutData(present, config, data, progress);
            }
        } else {
            run = runWithoutData(present, config, data, progress);
        }
        Instant now = clock.instant();
        Map<String, List<Component>> byTarget = attribute(targets, run.components());
        List<TargetResult> results = new ArrayList<>();
        for (ScanTarget target : targets) {
            ScanTarget.FileStamp stamp = target.kind() == ScanTarget.Kind.PLUGIN ? target.stamp()
                    : new ScanTarget.FileStamp(-1, -1);
            String error = target.exists() ? null : "does not exist";
            results.add(new TargetResult(target.key(), target.kind(), target.location().toString(),
                                         target.pluginId(), stamp.size(), stamp.modifiedMillis(), now, checked,
                                         checked ? data.source() : null, checked ? null : problem,
                                         run.dataUpdatedAt(), error, byTarget.get(target.key())));
        }
        List<VulnerabilitySource> sources = VulnerabilitySource.of(config, checked, data.source(), problem,
                                                                   run.ossIndex(), run.nodeAudit());
        return new Outcome(results, data, checked, problem, run.dataUpdatedAt(), run.warnings(), sources);
    }

    private EngineRun runWithoutData(List<ScanTarget> targets, DependenciesConfig config, VulnerabilityData data,
                                     Jobs.Progress progress) throws IOException {
        try {
            return run(Engine.Mode.EVIDENCE_COLLECTION, targets, config, data, progress);
        } catch (DataUnusable impossible) {
            // evidence collection opens no database
            throw new IllegalStateException(impossible.getMessage());
        }
    }

    private EngineRun run(Engine.Mode mode, List<ScanTarget> targets, DependenciesConfig config,
                          VulnerabilityData data, Jobs.Progress progress) throws IOException, DataUnusable {
        boolean withData = mode == Engine.Mode.STANDALONE;
        Settings settings = EngineSettings.create(config, data, workDir);
        try {
            // dependency-check's integrations configure its (JVM-wide) downloader; the engine does not
            Downloader.getInstance().configure(settings);
        } catch (InvalidSettingException e) {
            throw new IOException("dependency-check's downloader refused the settings: " + e.getMessage(), e);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Analyzers, Lucene and the JDBC drivers look up services through the context class loader.
        thread.setContextClassLoader(getClass().getClassLoader());
        try (ProgressEngine engine = new ProgressEngine(getClass().getClassLoader(), mode, settings, progress,
                                                       0.1, 0.75)) {
            progress.update(0.05, "listing files in " + targets.size() + " targets");
            List<String> warnings = new ArrayList<>();
            for (ScanTarget target : targets) {
                engine.scan(target.location().toFile());
                ProjectFiles.Result project = projectFiles.read(target.location());
                for (ProjectFiles.Found found : project.files()) {
                    found.packages().forEach(each -> engine.addDependency(LockedDependencies.of(found, each)));
                }
                warnings.addAll(project.problems());
            }
            if (withData) {
                progress.update(0.1, data.mode() == VulnerabilityData.Mode.AUTO_UPDATE
                        ? "updating vulnerability data (the first download of the NVD takes a long time)"
                        : "opening the vulnerability database");
            }
            try {
                engine.analyzeDependencies();
            } catch (ExceptionCollection collection) {
                if (progress.cancelled()) {
                    throw new CancellationException("the scan was cancelled");
                }
                if (collection.isFatal()) {
                    throw new DataUnusable(describe(collection));
                }
                warnings.addAll(messages(collection));
            }
            Instant updatedAt = withData ? dataUpdatedAt(engine) : null;
            List<Component> components = new ArrayList<>();
            for (Dependency dependency : engine.getDependencies()) {
                components.addAll(ComponentMapper.components(dependency, withData));
            }
            if (!warnings.isEmpty()) {
                log.log(System.Logger.Level.INFO, "dependency-check reported {0} problems; first: {1}",
                        warnings.size(), warnings.getFirst());
            }
            return new EngineRun(ComponentMapper.oncePerFile(components), updatedAt, warnings,
                                 analyzerRun(engine, OssIndexAnalyzer.class), analyzerRun(engine, NodeAuditAnalyzer.class));
        } finally {
            thread.setContextClassLoader(previous);
            settings.cleanup();
        }
    }

    private static VulnerabilitySource.AnalyzerRun analyzerRun(ProgressEngine engine,
                                                               Class<? extends Analyzer> analyzer) {
        return new VulnerabilitySource.AnalyzerRun(engine.ran(analyzer), messages(engine.failures(analyzer)));
    }

    /** When the NVD data in the database was last modified, if the database says. */
    private static Instant dataUpdatedAt(Engine engine) {
        try {
            if (engine.getDatabase() == null) {
                return null;
            }
            DatabaseProperties properties = engine.getDatabase().getDatabaseProperties();
            for (String key : List.of(DatabaseProperties.NVD_API_LAST_MODIFIED,
                                      DatabaseProperties.NVD_CACHE_LAST_MODIFIED,
                                      DatabaseProperties.NVD_API_LAST_CHECKED)) {
                ZonedDateTime time = properties.getTimestamp(key);
                if (time != null) {
                    return time.toInstant();
                }
            }
        } catch (RuntimeException e) {
            // a database without these properties (built by hand) is still usable
        }
        return null;
    }

    /**
     * Each component goes to the target whose location holds its file (the deepest, when locations nest: a
     * configured path inside the plugins directory). Keyed by the target's key, not the record: hashing a record
     * whose components are this plugin's types leaves those types in a JDK-wide soft cache (ObjectMethods), which
     * keeps the plugin's class loader until the heap runs short.
     */
    static Map<String, List<Component>> attribute(List<ScanTarget> targets, List<Component> components) {
        Map<String, List<Component>> byTarget = new LinkedHashMap<>();
        targets.forEach(target -> byTarget.put(target.key(), new ArrayList<>()));
        List<ScanTarget> deepestFirst = new ArrayList<>(targets);
        deepestFirst.sort(Comparator.comparingInt((ScanTarget t) -> t.location().toString().length()).reversed());
        for (Component component : components) {
            for (ScanTarget target : deepestFirst) {
                if (holds(target, component.file())) {
                    byTarget.get(target.key()).add(component);
                    break;
                }
            }
        }
        byTarget.values().forEach(list -> list.sort(Comparator.comparing(Component::file)
                                                            .thenComparing(c -> String.valueOf(c.name()))));
        return byTarget;
    }

    private static boolean holds(ScanTarget target, String file) {
        if (file == null) {
            return false;
        }
        for (String location : locations(target.location())) {
            if (file.equals(location) || file.startsWith(location + File.separator)) {
                return true;
            }
        }
        return false;
    }

    /** The location as given and as the engine may report it (symbolic links resolved). */
    private static Set<String> locations(Path location) {
        Set<String> names = new LinkedHashSet<>();
        names.add(location.toString());
        try {
            names.add(location.toRealPath().toString());
        } catch (IOException e) {
            // gone: only the given name can match
        }
        return names;
    }

    private static String describe(ExceptionCollection collection) {
        List<String> messages = messages(collection);
        String text = messages.isEmpty() ? collection.getMessage() : String.join("; ", messages);
        return text.length() > 600 ? text.substring(0, 599) + "…" : text;
    }

    /** The distinct root causes, which say more than dependency-check's wrappers ("Unable to continue..."). */
    private static List<String> messages(ExceptionCollection collection) {
        return messages(collection.getExceptions());
    }

    private static List<String> messages(List<Throwable> errors) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable error : errors) {
            Throwable root = error;
            StringBuilder chain = new StringBuilder(String.valueOf(error.getMessage()));
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
                if (root.getMessage() != null && !chain.toString().contains(root.getMessage())) {
                    chain.append(": ").append(root.getMessage());
                }
            }
            messages.add(chain.toString());
            if (messages.size() >= MAX_WARNINGS) {
                break;
            }
        }
        return new ArrayList<>(messages);
    }
}
