package dev.vigil.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.vigil.api.http.Role;
import dev.vigil.kernel.Vigil;
import dev.vigil.kernel.limits.LimitSettings;

/**
 * A real Vigil server for tests: its own temporary directory, a free loopback port, SQLite or a fresh
 * PostgreSQL schema, the given plugin files, and admin, viewer and ingest tokens. Requests go over real HTTP.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.builder().plugin(Path.of(System.getProperty("vigil.plugin.zip"))).start()) {
 *     HttpResult result = server.get("/api/v1/hello/greeting", server.viewerToken());
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    public static final String VIEWER_TOKEN = "test-viewer-token";
    public static final String INGEST_TOKEN = "test-ingest-token";

    private final Path root;
    private final Builder settings;
    private final TestDatabase.Schema schema;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vigil vigil;

    private TestServer(Builder settings) throws Exception {
        this.settings = settings;
        this.root = Files.createTempDirectory("vigil-test-");
        Files.createDirectories(root.resolve("plugins"));
        Files.createDirectories(root.resolve("config/plugins"));
        for (Path plugin : settings.plugins) {
            Files.copy(plugin, root.resolve("plugins").resolve(plugin.getFileName()));
        }
        for (String[] config : settings.configs) {
            Files.writeString(root.resolve("config/plugins").resolve(config[0] + ".yaml"), config[1]);
        }
        this.schema = settings.database == TestDatabase.POSTGRESQL ? TestDatabase.Schema.create() : null;
        boot();
    }

    private void boot() throws Exception {
        Vigil.Builder builder = Vigil.builder()
                .directory(root)
                .clock(settings.clock)
                .token("test-admin", Role.ADMIN, ADMIN_TOKEN)
                .token("test-viewer", Role.VIEWER, VIEWER_TOKEN)
                .token("test-ingest", Role.INGEST, INGEST_TOKEN)
                .limits(settings.limits)
                .publicUrl(settings.publicUrl);
        if (schema != null) {
            builder.storage(schema.url(), "", "");
        }
        vigil = builder.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Stops the server and starts a new one over the same directory and database: state on disk survives. */
    public void restart() throws Exception {
        vigil.close();
        boot();
    }

    /** Stops the server without cleaning anything; {@link #restart()} may follow. */
    public void stop() {
        vigil.close();
    }

    public Vigil vigil() {
        return vigil;
    }

    public Path root() {
        return root;
    }

    public Path pluginsDir() {
        return root.resolve("plugins");
    }

    public Path configDir() {
        return root.resolve("config");
    }

    /** The JDBC URL of the database, for tests that check rows directly. */
    public String jdbcUrl() {
        return schema != null ? schema.url() : "jdbc:sqlite:" + root.resolve("data/vigil.db");
    }

    public String adminToken() {
        return ADMIN_TOKEN;
    }

    public String viewerToken() {
        return VIEWER_TOKEN;
    }

    public String ingestToken() {
        return INGEST_TOKEN;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + vigil.port() + path);
    }

    public HttpResult get(String path, String token) {
        return send("GET", path, null, token);
    }

    public HttpResult post(String path, String jsonBody, String token) {
        return send("POST", path, jsonBody, token);
    }

    public HttpResult put(String path, String jsonBody, String token) {
        return send("PUT", path, jsonBody, token);
    }

    public HttpResult delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    /** Sends a request; a null token sends none. */
    public HttpResult send(String method, String path, String jsonBody, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    /** Writes {@code config/plugins/<id>.yaml} the way an editor saving atomically does. */
    public void writeConfig(String pluginId, String yaml) throws IOException {
        Path target = configDir().resolve("plugins").resolve(pluginId + ".yaml");
        Path temporary = target.resolveSibling("." + pluginId + ".yaml.tmp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops a plugin file in under a temporary name and renames it, so the watcher never sees half a file. */
    public Path installPlugin(Path file, String asName) throws IOException {
        Path target = pluginsDir().resolve(asName);
        Path temporary = pluginsDir().resolve("." + asName + ".part");
        Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    public void removePlugin(String fileName) throws IOException {
        Files.delete(pluginsDir().resolve(fileName));
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        awaitValue(timeout, what, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Polls until {@code probe} answers non-null, and returns that. */
    public static <T> T awaitValue(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() throws IOException, java.sql.SQLException {
        try {
            vigil.close();
        } finally {
            if (schema != null) {
                schema.close();
            }
            deleteTree(root);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    /** What the test server starts with. */
    public static final class Builder {
        private final List<Path> plugins = new ArrayList<>();
        private final List<String[]> configs = new ArrayList<>();
        private TestDatabase database = TestDatabase.SQLITE;
        private Clock clock = Clock.systemUTC();
        private LimitSettings limits = LimitSettings.DEFAULTS;
        private URI publicUrl;

        private Builder() {
        }

        /** A plugin jar or zip, copied into the plugins directory before start. */
        public Builder plugin(Path file) {
            plugins.add(file);
            return this;
        }

        /** The packaged plugin of the module under test (failsafe sets {@code vigil.plugin.zip}). */
        public Builder pluginUnderTest() {
            String zip = System.getProperty("vigil.plugin.zip");
            if (zip == null) {
                throw new IllegalStateException("vigil.plugin.zip is not set: run this as an integration test "
                                                        + "(*IT.java, mvn verify) so that the plugin zip exists");
            }
            return plugin(Path.of(zip));
        }

        /** {@code config/plugins/<id>.yaml} content before start. */
        public Builder config(String pluginId, String yaml) {
            configs.add(new String[] {pluginId, yaml});
            return this;
        }

        public Builder database(TestDatabase db) {
            database = db;
            return this;
        }

        public Builder clock(Clock newClock) {
            clock = newClock;
            return this;
        }

        /** Per-token ingest rates and live-stream bound, as {@code limits} in vigil.yaml sets them. */
        public Builder limits(LimitSettings newLimits) {
            limits = newLimits;
            return this;
        }

        /** {@code server.public-url}: where people open the server, for links in notifications. */
        public Builder publicUrl(String url) {
            publicUrl = URI.create(url);
            return this;
        }

        public TestServer start() throws Exception {
            if (!database.available()) {
                throw new IllegalStateException(database + " is not available: set "
                                                        + TestDatabase.POSTGRES_URL_VARIABLE);
            }
            return new TestServer(this);
        }
    }
}
