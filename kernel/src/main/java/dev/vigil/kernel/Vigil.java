package dev.vigil.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import dev.vigil.api.http.Role;
import dev.vigil.kernel.admin.AdminRoutes;
import dev.vigil.kernel.http.BodyLimit;
import dev.vigil.kernel.http.Dispatcher;
import dev.vigil.kernel.http.EarlyErrors;
import dev.vigil.kernel.http.ErrorResponder;
import dev.vigil.kernel.http.GzipRequestDecoding;
import dev.vigil.kernel.http.TokenStore;
import dev.vigil.kernel.http.TrafficFilter;
import dev.vigil.kernel.limits.LimitSettings;
import dev.vigil.kernel.limits.TokenGuard;
import dev.vigil.kernel.metrics.MetricsHub;
import dev.vigil.kernel.metrics.MetricsRoute;
import dev.vigil.kernel.plugins.DirectoryWatcher;
import dev.vigil.kernel.plugins.KernelServices;
import dev.vigil.kernel.plugins.PluginHost;
import dev.vigil.kernel.plugins.PluginState;
import dev.vigil.kernel.runtime.EventBusImpl;
import dev.vigil.kernel.runtime.FailureRecorder;
import dev.vigil.kernel.runtime.ServiceRegistry;
import dev.vigil.kernel.runtime.SignalStore;
import dev.vigil.kernel.runtime.TaskScheduler;
import dev.vigil.kernel.storage.KernelStorage;
import dev.vigil.kernel.storage.PrivateDirectory;
import dev.vigil.kernel.storage.MigrationRunner;

import io.helidon.http.DirectHandler;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http1.Http1Config;

/**
 * A running Vigil server: storage, plugins, HTTP listener and watchers. {@link Main} starts one from the
 * distribution's config; tests start one on a temporary directory and a free port through {@link #builder()}.
 */
public final class Vigil implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Vigil.class.getName());
    private static final long MAX_PAYLOAD_BYTES = 64L * 1024 * 1024;

    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private final ServerInfoImpl info;
    private final PluginHost host;
    private final WebServer server;
    private final Instant startedAt;

    private Vigil(Builder settings) throws Exception {
        Clock clock = settings.clock;
        startedAt = clock.instant();
        long began = System.nanoTime();
        PrivateDirectory.secure(settings.dataDir);
        Files.createDirectories(settings.configDir.resolve("plugins"));
        String version = version();
        try {
            KernelStorage storage = KernelStorage.open(settings.storageUrl, settings.storageUser,
                                                       settings.storagePassword, settings.dataDir);
            closeInReverse.add(storage);
            MigrationRunner migrations = new MigrationRunner(storage, clock);
            migrations.prepare();
            TokenStore tokens = tokens(settings, storage, clock);

            FailureRecorder failures = new FailureRecorder(clock);
            EventBusImpl bus = new EventBusImpl(failures, clock);
            failures.publishTo(bus);
            SignalStore signals = new SignalStore(settings.signalHistoryPoints, settings.signalMaxSeries, bus);
            TaskScheduler scheduler = new TaskScheduler(failures, storage, clock);
            closeInReverse.add(scheduler);
            TrafficFilter traffic = new TrafficFilter(failures, clock);
            BodyLimit bodyLimit = new BodyLimit(MAX_PAYLOAD_BYTES);
            ErrorResponder errors = new ErrorResponder(bodyLimit);
            AtomicReference<PluginHost> hostRef = new AtomicReference<>();
            TokenGuard guard = new TokenGuard(settings.limits, tokens::holds, clock);
            tokens.onRevoked(guard::revoked);
            Dispatcher dispatcher = new Dispatcher(tokens, errors, failures,
                                                   id -> Optional.ofNullable(hostRef.get())
                                                           .flatMap(h -> h.stateOf(id)), bodyLimit, guard);
            info = new ServerInfoImpl(version, settings.home, settings.dataDir, settings.pluginsDir,
                                      settings.configDir, settings.port, settings.publicUrl);
            MetricsHub metrics = new MetricsHub();
            metrics.kernel().counterReadAtScrape("vigil_events_delivered_total", "Events handed to a plugin's "
                    + "subscription", List.of("plugin", "event"), bus::reportDelivered);
            metrics.kernel().counterReadAtScrape("vigil_events_dropped_total", "Events a plugin's subscription "
                    + "dropped because its queue was full", List.of("plugin", "event"), bus::reportDropped);
            KernelServices kernel = new KernelServices(storage, migrations, bus, signals, new ServiceRegistry(),
                                                       scheduler, traffic, dispatcher, failures, info, clock,
                                                       settings.startTimeout, metrics);
            host = new PluginHost(settings.pluginsDir, settings.dataDir.resolve("plugin-work"), kernel);
            hostRef.set(host);
            closeInReverse.add(host);
            Map<String, Object> directories = new LinkedHashMap<>();
            directories.put("data", settings.dataDir.toString());
            directories.put("plugins", settings.pluginsDir.toString());
            directories.put("config", settings.configDir.toString());
            dispatcher.mountKernel(new AdminRoutes(version, startedAt, host, tokens, guard, signals, scheduler,
                                                   storage, directories, new MetricsRoute(metrics), clock).routes());

            loadPlugins(host);

            server = WebServer.builder()
                    .host(settings.host)
                    .port(settings.port)
                    // The kernel enforces MAX_PAYLOAD_BYTES itself (BodyLimit); Helidon's limit is the backstop.
                    .maxPayloadSize(bodyLimit.connectionBytes())
                    .directHandlers(earlyErrors(errors, bodyLimit))
                    .shutdownHook(false)
                    // Helidon 4.1 refuses an unencoded ':' in a query (since=2026-11-23T10:00:00Z), which RFC 3986
                    // allows and curl sends; paths stay validated.
                    .addProtocol(Http1Config.builder().validatePrologue(false).build())
                    .contentEncoding(ContentEncodingContext.builder()
                                             .addContentEncoding(new GzipRequestDecoding())
                                             .contentEncodingsDiscoverServices(false)
                                             .build())
                    .routing(routing -> routing.addFilter(traffic).any(dispatcher))
                    .build()
                    .start();
            closeInReverse.add(1, server::stop); // stop listening before plugins stop
            if (server.port() < 0) {
                // Helidon logs the bind failure but starts anyway; a server that cannot listen must not run.
                throw new IllegalStateException("cannot listen on " + settings.host + ":" + settings.port
                                                        + " (is the port in use? set VIGIL_PORT or server.port)");
            }
            info.listening(server.port());

            DirectoryWatcher pluginWatcher = new DirectoryWatcher(
                    "plugins", settings.pluginsDir, DirectoryWatcher.QUICK_DEBOUNCE_MILLIS, host::reconcile);
            DirectoryWatcher configWatcher = new DirectoryWatcher("config", settings.configDir.resolve("plugins"),
                                                                  DirectoryWatcher.EDITOR_DEBOUNCE_MILLIS,
                                                                  host::reconcileConfigs);
            closeInReverse.add(1, pluginWatcher);
            closeInReverse.add(1, configWatcher);
            pluginWatcher.start();
            configWatcher.start();
            logReady(settings, storage, (System.nanoTime() - began) / 1_000_000);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Loads every plugin file; a file still being written is waited for (up to 10 s) rather than skipped. */
    private static void loadPlugins(PluginHost host) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (host.reconcile() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Helidon's answers to requests refused before routing, every kind of them, in the API's error shape. */
    private static DirectHandlers earlyErrors(ErrorResponder errors, BodyLimit bodyLimit) {
        EarlyErrors handler = new EarlyErrors(errors, bodyLimit);
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            handlers.addHandler(type, handler);
        }
        return handlers.build();
    }

    private static TokenStore tokens(Builder settings, KernelStorage storage, Clock clock) throws Exception {
        TokenStore tokens = new TokenStore(storage, clock);
        tokens.prepare();
        settings.plainTokens.forEach((name, token) -> tokens.addPlain(name, token.role, token.value, "environment"));
        for (VigilYaml.TokenDigest digest : settings.tokenDigests) {
            tokens.addDigest(digest.name(), Role.valueOf(digest.role().toUpperCase(java.util.Locale.ROOT)),
                             digest.sha256());
        }
        tokens.ensureAdmin(settings.dataDir);
        return tokens;
    }

    private void logReady(Builder settings, KernelStorage storage, long tookMillis) {
        Map<PluginState, Long> counts = host.countByState();
        LOG.log(System.Logger.Level.INFO, "Vigil {0} ready in {1} ms at http://{2}:{3} (data {4}, storage {5}); "
                        + "plugins: {6} started, {7} stopped, {8} failed", info.version(), tookMillis,
                settings.host.equals("0.0.0.0") ? "localhost" : settings.host, String.valueOf(server.port()),
                settings.dataDir, storage.description(), counts.get(PluginState.STARTED),
                counts.get(PluginState.STOPPED), counts.get(PluginState.FAILED));
        host.views().all().forEach(plugin -> LOG.log(
                plugin.get("state").equals("FAILED") ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "  plugin {0}: {1}{2}", plugin.get("id"), plugin.get("state"),
                plugin.get("error") == null ? "" : " (" + plugin.get("error") + ")"));
    }

    public int port() {
        return server.port();
    }

    public URI baseUri() {
        return info.baseUri();
    }

    public Path dataDir() {
        return info.dataDir();
    }

    public Path pluginsDir() {
        return info.pluginsDir();
    }

    public Path configDir() {
        return info.configDir();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Stops listening, stops every plugin (draining their write queues), then closes storage. */
    @Override
    public void close() {
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            AutoCloseable part = closeInReverse.get(i);
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping: " + e.getMessage(), e);
            }
        }
        closeInReverse.clear();
    }

    static String version() {
        try (InputStream in = Vigil.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plain token with its role. */
    private record PlainToken(Role role, String value) {
    }

    /** Settings of a server to start; defaults suit a test (loopback, free port, embedded SQLite). */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path home = Path.of("").toAbsolutePath();
        private Path dataDir;
        private Path pluginsDir;
        private Path configDir;
        private String storageUrl = "";
        private String storageUser = "";
        private String storagePassword = "";
        private Clock clock = Clock.systemUTC();
        private Duration startTimeout = Duration.ofSeconds(60);
        private int signalHistoryPoints = 2880;
        private int signalMaxSeries = 20_000;
        private List<VigilYaml.TokenDigest> tokenDigests = List.of();
        private LimitSettings limits = LimitSettings.DEFAULTS;
        private Optional<URI> publicUrl = Optional.empty();
        private final Map<String, PlainToken> plainTokens = new LinkedHashMap<>();

        private Builder() {
        }

        /** Everything from vigil.yaml and the environment. */
        public Builder settings(KernelSettings settings) {
            host = settings.host();
            port = settings.port();
            home = settings.home();
            dataDir = settings.dataDir();
            pluginsDir = settings.pluginsDir();
            configDir = settings.configDir();
            storageUrl = settings.storageUrl();
            storageUser = settings.storageUser();
            storagePassword = settings.storagePassword();
            startTimeout = settings.startTimeout();
            signalHistoryPoints = settings.signalHistoryPoints();
            signalMaxSeries = settings.signalMaxSeries();
            tokenDigests = settings.tokenDigests();
            limits = settings.limits();
            publicUrl = settings.publicUrl();
            settings.plainTokens().forEach((role, token) -> token(role, Role.valueOf(role.toUpperCase(
                    java.util.Locale.ROOT)), token));
            return this;
        }

        /** Data, plugins and config directories all under one directory. */
        public Builder directory(Path root) {
            home = root;
            dataDir = root.resolve("data");
            pluginsDir = root.resolve("plugins");
            configDir = root.resolve("config");
            return this;
        }

        public Builder host(String newHost) {
            host = newHost;
            return this;
        }

        public Builder port(int newPort) {
            port = newPort;
            return this;
        }

        public Builder dataDir(Path dir) {
            dataDir = dir;
            return this;
        }

        public Builder pluginsDir(Path dir) {
            pluginsDir = dir;
            return this;
        }

        public Builder configDir(Path dir) {
            configDir = dir;
            return this;
        }

        /** A JDBC URL (SQLite or PostgreSQL); blank for the embedded SQLite file. */
        public Builder storage(String url, String user, String password) {
            storageUrl = url;
            storageUser = user;
            storagePassword = password;
            return this;
        }

        public Builder clock(Clock newClock) {
            clock = newClock;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /** Per-token ingest rates and live-stream bound ({@code limits} in vigil.yaml). */
        public Builder limits(LimitSettings newLimits) {
            limits = newLimits;
            return this;
        }

        /** Where people open this server ({@code server.public-url}), for links in notifications; null: none. */
        public Builder publicUrl(URI url) {
            publicUrl = Optional.ofNullable(url);
            return this;
        }

        /** A token given in plain text (an environment variable, a test). */
        public Builder token(String name, Role role, String token) {
            plainTokens.put(name, new PlainToken(role, token));
            return this;
        }

        public Vigil start() throws Exception {
            if (dataDir == null || pluginsDir == null || configDir == null) {
                throw new IllegalStateException("set directory(...) or data, plugins and config directories");
            }
            return new Vigil(this);
        }
    }
}
