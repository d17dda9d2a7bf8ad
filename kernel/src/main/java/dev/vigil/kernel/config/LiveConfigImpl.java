package dev.vigil.kernel.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.vigil.api.LiveConfig;
import dev.vigil.kernel.runtime.ContributionStats;

/** A plugin's config file, bound once at start and again on every change that validates. */
public final class LiveConfigImpl<C> implements LiveConfig<C> {

    private static final System.Logger LOG = System.getLogger(LiveConfigImpl.class.getName());

    private final String pluginId;
    private final Path file;
    private final Class<C> type;
    private final C defaults;
    private final YamlBinder binder;
    private final Clock clock;
    private final List<Consumer<C>> listeners = new CopyOnWriteArrayList<>();
    private volatile C current;
    private volatile String lastError;
    private volatile Instant lastLoadedAt;
    private volatile Instant lastErrorAt;
    private volatile FileStamp stamp;

    private LiveConfigImpl(String pluginId, Path file, Class<C> type, C defaults, YamlBinder binder, Clock clock) {
        this.pluginId = pluginId;
        this.file = file;
        this.type = type;
        this.defaults = defaults;
        this.binder = binder;
        this.clock = clock;
    }

    /** Binds the file now; an invalid file is an error the plugin's start fails with. */
    public static <C> LiveConfigImpl<C> load(String pluginId, Path file, Class<C> type, C defaults,
                                             YamlBinder binder, Clock clock) throws ConfigException {
        LiveConfigImpl<C> config = new LiveConfigImpl<>(pluginId, file, type, defaults, binder, clock);
        config.stamp = FileStamp.of(file);
        config.current = binder.bind(file, type, defaults);
        config.lastLoadedAt = clock.instant();
        return config;
    }

    @Override
    public C get() {
        return current;
    }

    @Override
    public void onChange(Consumer<C> listener) {
        listeners.add(listener);
    }

    @Override
    public Path file() {
        return file;
    }

    /** Re-reads the file if it changed since last seen. Invalid content keeps the current value. */
    public void reloadIfChanged() {
        FileStamp now = FileStamp.of(file);
        if (now.equals(stamp)) {
            return;
        }
        stamp = now;
        C next;
        try {
            next = binder.bind(file, type, defaults);
        } catch (ConfigException e) {
            lastError = e.getMessage();
            lastErrorAt = clock.instant();
            LOG.log(System.Logger.Level.WARNING, "plugin {0}: config edit rejected, previous config kept: {1}",
                    pluginId, e.getMessage());
            return;
        }
        current = next;
        lastError = null;
        lastLoadedAt = clock.instant();
        LOG.log(System.Logger.Level.INFO, "plugin {0}: config {1} applied", pluginId, file);
        for (Consumer<C> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                // Logged without the stack trace: its messages may quote a secret value of the config.
                lastError = "applied, but the plugin's change listener failed: " + redact(ContributionStats.describe(e));
                lastErrorAt = clock.instant();
                LOG.log(System.Logger.Level.WARNING, "plugin {0}: config change listener failed: {1}", pluginId,
                        lastError);
            }
        }
    }

    /** {@code text} with the secret values of the config in force masked (see {@link dev.vigil.api.Secret}). */
    public String redact(String text) {
        return binder.redact(text, current);
    }

    public Map<String, Object> view() {
        Map<String, Object> view = ContributionStats.view();
        view.put("file", file.toString());
        view.put("exists", Files.exists(file));
        view.put("last_loaded_at", lastLoadedAt);
        view.put("error", lastError);
        view.put("error_at", lastErrorAt);
        view.put("values", binder.toMaskedTree(current));
        return view;
    }

    /** The file's content: config files are small, and comparing content ignores saves that change nothing. */
    record FileStamp(String content) {
        static FileStamp of(Path file) {
            try {
                return new FileStamp(Files.readString(file));
            } catch (java.io.IOException e) {
                return new FileStamp(null);
            }
        }
    }
}
