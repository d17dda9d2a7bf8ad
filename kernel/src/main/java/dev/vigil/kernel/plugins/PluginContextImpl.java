package dev.vigil.kernel.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import dev.vigil.api.EventBus;
import dev.vigil.api.Jobs;
import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ServerInfo;
import dev.vigil.api.ServiceLookup;
import dev.vigil.api.Signals;
import dev.vigil.api.metrics.Metrics;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.storage.Storage;
import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.LiveConfigImpl;
import dev.vigil.kernel.config.YamlBinder;
import dev.vigil.kernel.http.JsonSupportImpl;
import dev.vigil.kernel.runtime.JobRunner;
import dev.vigil.kernel.storage.PluginStorage;

/**
 * What one start of one plugin is handed. Everything plugin-specific here (storage view, jobs, JSON and YAML
 * mappers) is created per start and dropped at stop, so nothing outlives the plugin's class loader.
 */
final class PluginContextImpl implements PluginContext {

    private final String pluginId;
    private final String version;
    private final KernelServices kernel;
    private final PluginStorage storage;
    private final JobRunner jobs;
    private final JsonSupportImpl json = new JsonSupportImpl();
    private final YamlBinder yaml = new YamlBinder();
    private final System.Logger logger;
    private final Metrics metrics;
    private volatile LiveConfigImpl<?> config;

    PluginContextImpl(String pluginId, String version, KernelServices kernel) {
        this.pluginId = pluginId;
        this.version = version;
        this.kernel = kernel;
        this.storage = new PluginStorage(pluginId, kernel.storage(), kernel.bus(), kernel.clock());
        this.jobs = new JobRunner(pluginId, kernel.failures(), kernel.clock());
        this.logger = System.getLogger("vigil." + pluginId);
        this.metrics = kernel.metrics().forPlugin(pluginId);
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public String pluginVersion() {
        return version;
    }

    @Override
    public Storage storage() {
        return storage;
    }

    @Override
    public synchronized <C> LiveConfig<C> config(Class<C> type, C defaults) {
        if (config != null) {
            throw new IllegalStateException("plugin " + pluginId + " bound its config already");
        }
        Path file = configFile();
        try {
            LiveConfigImpl<C> bound = LiveConfigImpl.load(pluginId, file, type, defaults, yaml, kernel.clock());
            config = bound;
            return bound;
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }

    Path configFile() {
        return kernel.server().configDir().resolve("plugins").resolve(pluginId + ".yaml");
    }

    @Override
    public EventBus events() {
        return kernel.bus();
    }

    @Override
    public Signals signals() {
        return kernel.signals();
    }

    @Override
    public Metrics metrics() {
        return metrics;
    }

    @Override
    public ServiceLookup services() {
        return kernel.services();
    }

    @Override
    public Jobs jobs() {
        return jobs;
    }

    @Override
    public JsonSupport json() {
        return json;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Path dataDir() {
        Path dir = kernel.server().dataDir().resolve("plugins").resolve(pluginId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    @Override
    public Clock clock() {
        return kernel.clock();
    }

    @Override
    public ServerInfo server() {
        return kernel.server();
    }

    PluginStorage pluginStorage() {
        return storage;
    }

    JobRunner jobRunner() {
        return jobs;
    }

    LiveConfigImpl<?> boundConfig() {
        return config;
    }

    /** Stops the plugin's jobs and drains its write queues. */
    void close() {
        jobs.cancelAll();
        storage.close();
    }

    /** The plugin's config file is invalid: the start fails with this message, and a fixed file retries it. */
    static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String message) {
            super(message, null, false, false);
        }
    }
}
