package dev.vigil.kernel.plugins;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import dev.vigil.api.ApiVersion;
import dev.vigil.api.http.ApiException;
import dev.vigil.kernel.config.LiveConfigImpl;
import dev.vigil.kernel.runtime.ContributionStats;

import org.pf4j.PluginDescriptor;

/**
 * Keeps the running plugins in step with the plugins directory and with admin requests: loads new files,
 * reloads replaced ones, unloads removed ones, and re-reads config files. Every change of a plugin's life goes
 * through one lock, so the watchers and the admin API never race each other.
 */
public final class PluginHost implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final List<String> RESERVED_IDS = List.of("admin", "vigil", "kernel", "health", "metrics");
    /** A file modified more recently than this may still be being written. */
    private static final long SETTLE_MILLIS = 300;

    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Map<String, PluginRuntime> plugins = new ConcurrentHashMap<>();
    private final Map<Path, FileStamp> loadedFiles = new HashMap<>();
    private final List<WeakReference<ClassLoader>> unloadedLoaders = new CopyOnWriteArrayList<>();
    private final Path pluginsDir;
    private final KernelServices kernel;
    private final PluginWorkspace workspace;
    private final VigilPluginManager pf4j;
    private final PluginStarter starter;
    private final ApiCompatibility compatibility = new ApiCompatibility(ApiVersion.current());

    public PluginHost(Path pluginsDir, Path workDir, KernelServices kernel) throws IOException {
        this.pluginsDir = pluginsDir;
        this.kernel = kernel;
        this.workspace = new PluginWorkspace(workDir);
        this.pf4j = new VigilPluginManager(workDir);
        this.starter = new PluginStarter(pf4j, kernel);
        Files.createDirectories(pluginsDir);
    }

    /** Size and modification time of a plugin file: a replaced file differs in one of them. */
    private record FileStamp(long size, long modifiedMillis) {
        static Optional<FileStamp> of(Path file) {
            try {
                return Optional.of(new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Brings the loaded plugins in line with the directory.
     *
     * @return true when a file looked half-written and deserves another look shortly
     */
    public boolean reconcile() {
        lifecycle.lock();
        try {
            Map<Path, FileStamp> present = scan();
            for (Path known : new ArrayList<>(loadedFiles.keySet())) {
                if (!present.containsKey(known)) {
                    LOG.log(System.Logger.Level.INFO, "plugin file {0} removed", known.getFileName());
                    unloadFile(known);
                }
            }
            boolean settling = false;
            List<PluginRuntime> toStart = new ArrayList<>();
            long now = System.currentTimeMillis();
            List<Path> files = new ArrayList<>(present.keySet());
            files.sort(Comparator.naturalOrder());
            for (Path file : files) {
                FileStamp stamp = present.get(file);
                FileStamp known = loadedFiles.get(file);
                if (stamp.equals(known)) {
                    continue;
                }
                // A file written in place may be read half-written; a complete archive (its central directory, written
                // last, is readable) is loaded at once, so a file renamed into place serves within milliseconds.
                if (now - stamp.modifiedMillis() < SETTLE_MILLIS && !isCompleteArchive(file)) {
                    settling = true;
                    continue;
                }
                if (known != null) {
                    LOG.log(System.Logger.Level.INFO, "plugin file {0} replaced: reloading", file.getFileName());
                    unloadFile(file);
                }
                loadFile(file, stamp).ifPresent(toStart::add);
            }
            startAll(toStart);
            return settling;
        } finally {
            lifecycle.unlock();
        }
    }

    private static boolean isCompleteArchive(Path file) {
        try (ZipFile archive = new ZipFile(file.toFile())) {
            return archive.size() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<Path, FileStamp> scan() {
        Map<Path, FileStamp> present = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pluginsDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || !Files.isRegularFile(entry)
                        || !(lower.endsWith(".jar") || lower.endsWith(".zip"))) {
                    continue;
                }
                FileStamp.of(entry).ifPresent(stamp -> present.put(entry.toAbsolutePath().normalize(), stamp));
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list " + pluginsDir, e);
        }
        return present;
    }

    /**
     * Starts plugins side by side: they do not depend on each other to start (they meet through services, looked
     * up at use), and starting is mostly loading classes and opening resources, which two cores do in half the time.
     */
    private void startAll(List<PluginRuntime> runtimes) {
        if (runtimes.size() <= 1) {
            runtimes.forEach(starter::start);
            return;
        }
        int threads = Math.min(runtimes.size(), Math.max(2, Runtime.getRuntime().availableProcessors()));
        AtomicInteger number = new AtomicInteger();
        try (ExecutorService starting = Executors.newFixedThreadPool(
                threads, work -> Thread.ofPlatform().name("vigil-start-" + number.incrementAndGet()).unstarted(work))) {
            for (PluginRuntime runtime : runtimes) {
                starting.execute(() -> starter.start(runtime));
            }
        } // close() waits until every start has ended
    }

    /** Loads a plugin file into PF4J; answers the plugin to start, or nothing when the file cannot be one. */
    private Optional<PluginRuntime> loadFile(Path file, FileStamp stamp) {
        loadedFiles.put(file, stamp);
        Path copy;
        try {
            copy = workspace.prepare(file);
        } catch (IOException e) {
            invalid(file, "cannot be read as a plugin: " + e.getMessage());
            return Optional.empty();
        }
        String id;
        try {
            id = pf4j.loadPlugin(copy);
        } catch (RuntimeException e) {
            workspace.discard(copy);
            invalid(file, "not a valid plugin: " + loadFailure(file, e));
            return Optional.empty();
        }
        if (id == null) {
            workspace.discard(copy);
            invalid(file, "not a valid plugin: no Plugin-Id in its MANIFEST or plugin.properties");
            return Optional.empty();
        }
        if (!PLUGIN_ID.matcher(id).matches() || RESERVED_IDS.contains(id)) {
            pf4j.unloadPlugin(id);
            workspace.discard(copy);
            invalid(file, "plugin id '" + id + "' is not allowed: ids are 1-32 lower-case letters, digits or '_', "
                    + "start with a letter, and are none of " + RESERVED_IDS);
            return Optional.empty();
        }
        PluginDescriptor descriptor = pf4j.getPlugin(id).getDescriptor();
        Optional<String> refusal = compatibility.refusal(descriptor.getRequires());
        if (refusal.isPresent()) {
            pf4j.unloadPlugin(id);
            workspace.discard(copy);
            failedToLoad(describe(PluginRuntime.refused(id, file, refusal.get(), kernel.clock().instant()),
                                  descriptor));
            LOG.log(System.Logger.Level.ERROR, "plugin {0} {1} (file {2}) FAILED: {3}", id, descriptor.getVersion(),
                    file.getFileName(), refusal.get());
            return Optional.empty();
        }
        PluginRuntime runtime = describe(new PluginRuntime(id, file, copy), descriptor);
        plugins.put(id, runtime);
        LOG.log(System.Logger.Level.INFO, "plugin {0} {1} loaded from {2}", id, runtime.version, file.getFileName());
        return Optional.of(runtime);
    }

    private static PluginRuntime describe(PluginRuntime runtime, PluginDescriptor descriptor) {
        runtime.version = descriptor.getVersion();
        runtime.description = descriptor.getPluginDescription();
        runtime.provider = descriptor.getProvider();
        return runtime;
    }

    /** Why PF4J could not load a file, in the user's terms rather than PF4J's (which names our private copy). */
    private static String loadFailure(Path file, RuntimeException error) {
        try (java.util.zip.ZipFile ignored = new java.util.zip.ZipFile(file.toFile())) {
            // a readable archive: the problem is inside it
        } catch (IOException notAnArchive) {
            return "the file is not a jar or zip archive";
        }
        String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
        if (message.contains("No PluginDescriptorFinder") || message.contains("descriptor")) {
            return "no plugin descriptor: put Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF, or a "
                    + "plugin.properties at the top of the zip";
        }
        if (message.contains("already loaded")) {
            return "its plugin id is already used by another file (" + message + ")";
        }
        return message;
    }

    private void invalid(Path file, String error) {
        failedToLoad(PluginRuntime.invalidFile(file, error, kernel.clock().instant()));
        LOG.log(System.Logger.Level.ERROR, "plugin file {0} FAILED: {1}", file.getFileName(), error);
    }

    private void failedToLoad(PluginRuntime runtime) {
        plugins.put(runtime.id, runtime);
        starter.announce(runtime);
    }

    private void unloadFile(Path file) {
        loadedFiles.remove(file);
        plugins.values().stream().filter(r -> r.file.equals(file)).toList().forEach(this::unload);
    }

    private void unload(PluginRuntime runtime) {
        plugins.remove(runtime.id);
        if (!runtime.loaded) {
            starter.announce(runtime, "UNLOADED");
            return;
        }
        starter.stop(runtime);
        ClassLoader loader = pf4j.getPluginClassLoader(runtime.id);
        try {
            pf4j.unloadPlugin(runtime.id);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "PF4J could not unload " + runtime.id, e);
        }
        if (loader != null) {
            unloadedLoaders.add(new WeakReference<>(loader));
        }
        kernel.failures().forget(runtime.id);
        workspace.discard(runtime.workCopy);
        starter.announce(runtime, "UNLOADED");
        LOG.log(System.Logger.Level.INFO, "plugin {0} unloaded", runtime.id);
    }

    /** Re-reads changed config files; a plugin that failed on its config is started again once it changes. */
    public boolean reconcileConfigs() {
        lifecycle.lock();
        try {
            for (PluginRuntime runtime : plugins.values()) {
                if (runtime.state == PluginState.STARTED && runtime.context != null) {
                    LiveConfigImpl<?> config = runtime.context.boundConfig();
                    if (config != null) {
                        config.reloadIfChanged();
                    }
                } else if (runtime.state == PluginState.FAILED && runtime.failedOnConfig
                        && configChangedSinceFailure(runtime)) {
                    LOG.log(System.Logger.Level.INFO, "plugin {0}: config file changed, starting again", runtime.id);
                    starter.start(runtime);
                }
            }
            return false;
        } finally {
            lifecycle.unlock();
        }
    }

    private boolean configChangedSinceFailure(PluginRuntime runtime) {
        Path file = kernel.server().configDir().resolve("plugins").resolve(runtime.id + ".yaml");
        try {
            return Files.exists(file) && Files.getLastModifiedTime(file).toInstant().isAfter(runtime.failedAt);
        } catch (IOException e) {
            return false;
        }
    }

    public void start(String id) {
        withPlugin(id, runtime -> {
            requireLoaded(runtime);
            if (runtime.state == PluginState.STARTED) {
                throw ApiException.conflict("plugin '" + id + "' is already started", Map.of("state", "STARTED"));
            }
            starter.start(runtime);
        });
    }

    public void stop(String id) {
        withPlugin(id, runtime -> {
            requireLoaded(runtime);
            if (runtime.state != PluginState.STARTED) {
                throw ApiException.conflict("plugin '" + id + "' is not started; it is " + runtime.state,
                                            Map.of("state", runtime.state.name()));
            }
            starter.stop(runtime);
        });
    }

    /** Stop, unload, load again from the same file, start: picks up a new jar and resets all state. */
    public void reload(String id) {
        withPlugin(id, runtime -> {
            Path file = runtime.file;
            unloadFile(file);
            FileStamp.of(file).ifPresentOrElse(stamp -> loadFile(file, stamp).ifPresent(starter::start), () -> {
                throw ApiException.conflict("the file of plugin '" + id + "' is gone: " + file, Map.of());
            });
        });
    }

    private void withPlugin(String id, java.util.function.Consumer<PluginRuntime> action) {
        lifecycle.lock();
        try {
            PluginRuntime runtime = plugins.get(id);
            if (runtime == null) {
                throw ApiException.notFound("no plugin '" + id + "' is installed");
            }
            action.accept(runtime);
        } finally {
            lifecycle.unlock();
        }
    }

    private static void requireLoaded(PluginRuntime runtime) {
        if (!runtime.loaded) {
            throw ApiException.conflict("'" + runtime.id + "' is not a loadable plugin: " + runtime.error,
                                        Map.of("state", "FAILED"));
        }
    }

    /** The state of a plugin that serves no routes right now, for the dispatcher's messages. */
    public Optional<String> stateOf(String id) {
        PluginRuntime runtime = plugins.get(id);
        return runtime == null ? Optional.empty() : Optional.of(runtime.state.name());
    }

    public List<String> ids() {
        return plugins.keySet().stream().sorted().toList();
    }

    public Map<PluginState, Long> countByState() {
        Map<PluginState, Long> counts = new java.util.EnumMap<>(PluginState.class);
        for (PluginState state : PluginState.values()) {
            counts.put(state, 0L);
        }
        plugins.values().forEach(r -> counts.merge(r.state, 1L, Long::sum));
        return counts;
    }

    /** Unloaded plugins whose class loaders the garbage collector has not reclaimed yet. */
    public int unreleasedClassLoaders() {
        unloadedLoaders.removeIf(ref -> ref.get() == null);
        return unloadedLoaders.size();
    }

    Optional<PluginRuntime> runtime(String id) {
        return Optional.ofNullable(plugins.get(id));
    }

    List<PluginRuntime> runtimes() {
        return plugins.values().stream().sorted(Comparator.comparing(r -> r.id)).toList();
    }

    public PluginViews views() {
        return new PluginViews(this, kernel);
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            for (PluginRuntime runtime : runtimes()) {
                starter.stop(runtime);
            }
        } finally {
            lifecycle.unlock();
        }
    }
}
