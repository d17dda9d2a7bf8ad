package dev.vigil.kernel;

import java.io.IOException;
import java.nio.file.Path;

import dev.vigil.testkit.PluginJarBuilder;

/** Plugins the kernel tests build from source at test time, each showing one behaviour. */
final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * {@code greeter}: GET /hello answers its version and configured message; POST /visits stores a row in its
     * migrated table; GET /visits counts them; a task ticks every 100 ms.
     */
    static Path greeter(Path dir, int version) throws IOException {
        String code = """
                package test.greeter;

                import java.time.Duration;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.atomic.AtomicLong;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.storage.Migration;
                import org.pf4j.Extension;

                @Extension
                public class GreeterPlugin implements VigilPlugin {
                    public record Settings(String message, int repeat) {
                        public Settings {
                            if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1");
                        }
                    }
                    private PluginContext context;
                    private LiveConfig<Settings> settings;
                    private final AtomicLong ticks = new AtomicLong();

                    public List<Migration> migrations() {
                        return List.of(Migration.of(1, "visits",
                            "CREATE TABLE greeter_visits (id ${ID}, who TEXT NOT NULL)"));
                    }
                    public void start(PluginContext context) {
                        this.context = context;
                        this.settings = context.config(Settings.class, new Settings("hello", 1));
                    }
                    public void routes(PluginRoutes routes) {
                        routes.get("/hello", Role.VIEWER, (req, res) -> context.json().send(res, Map.of(
                                "version", VERSION, "message", settings.get().message().repeat(settings.get().repeat()))))
                              .get("/items/{id}", Role.VIEWER, (req, res) -> context.json().send(res,
                                      Map.of("id", req.path().pathParameters().get("id"))))
                              .post("/visits", Role.INGEST, (req, res) -> {
                                  context.storage().db().execute().insert(
                                      "INSERT INTO greeter_visits (who) VALUES (?)", Caller.of(req).tokenName());
                                  context.json().send(res, Map.of("stored", true));
                              })
                              .get("/visits", Role.VIEWER, (req, res) -> context.json().send(res, Map.of("count",
                                  context.storage().db().execute().get("SELECT COUNT(*) AS n FROM greeter_visits")
                                      .map(r -> r.column("n").get(Number.class).longValue()).orElse(0L))))
                              .get("/ticks", Role.VIEWER, (req, res) -> context.json().send(res,
                                      Map.of("ticks", ticks.get())));
                    }
                    public List<ScheduledTask> tasks() {
                        return List.of(ScheduledTask.every("tick", Duration.ofMillis(100), ticks::incrementAndGet));
                    }
                    static final int VERSION = %d;
                }
                """.formatted(version);
        return PluginJarBuilder.plugin("greeter", version + ".0.0").source("test.greeter.GreeterPlugin", code)
                .build(dir.resolve("greeter-v" + version + ".jar"));
    }

    /** {@code failstart}: its start throws. */
    static Path failingStart(Path dir) throws IOException {
        return PluginJarBuilder.plugin("failstart", "1.0.0").source("test.failstart.FailStart", """
                package test.failstart;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                @org.pf4j.Extension
                public class FailStart implements VigilPlugin {
                    public void start(PluginContext context) { throw new IllegalStateException("boom at start"); }
                    public void routes(PluginRoutes routes) {
                        routes.get("/never", Role.VIEWER, (req, res) -> res.send("never"));
                    }
                }
                """).build(dir.resolve("failstart.jar"));
    }

    /**
     * {@code troubled}: a task that throws on every run, a task that overruns its interval (and records the
     * most runs it ever saw at once), and a route that throws.
     */
    static Path troubled(Path dir) throws IOException {
        return PluginJarBuilder.plugin("troubled", "1.0.0").source("test.troubled.Troubled", """
                package test.troubled;
                import java.time.Duration;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.atomic.AtomicInteger;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                @org.pf4j.Extension
                public class Troubled implements VigilPlugin {
                    private PluginContext context;
                    private final AtomicInteger running = new AtomicInteger();
                    private final AtomicInteger mostAtOnce = new AtomicInteger();
                    private final AtomicInteger slowRuns = new AtomicInteger();
                    public void start(PluginContext context) { this.context = context; }
                    public void routes(PluginRoutes routes) {
                        routes.get("/explode", Role.VIEWER, (req, res) -> {
                                  throw new IllegalStateException("route exploded");
                              })
                              .get("/slow-task", Role.VIEWER, (req, res) -> context.json().send(res,
                                  Map.of("most_at_once", mostAtOnce.get(), "runs", slowRuns.get())));
                    }
                    public List<ScheduledTask> tasks() {
                        return List.of(
                            ScheduledTask.every("explode", Duration.ofMillis(100), () -> {
                                throw new IllegalStateException("task exploded");
                            }),
                            ScheduledTask.every("slow", Duration.ofMillis(50), () -> {
                                int now = running.incrementAndGet();
                                mostAtOnce.accumulateAndGet(now, Math::max);
                                try {
                                    Thread.sleep(400);
                                } finally {
                                    running.decrementAndGet();
                                    slowRuns.incrementAndGet();
                                }
                            }));
                    }
                }
                """).build(dir.resolve("troubled.jar"));
    }

    /**
     * {@code probe}: records the HTTP exchanges the kernel reports, the plugin events it hears, publishes a signal
     * on request, provides a ResourceHistory service, and runs a job with progress.
     */
    static Path probe(Path dir) throws IOException {
        return PluginJarBuilder.plugin("probe", "1.0.0").source("test.probe.Probe", """
                package test.probe;
                import java.time.Instant;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.CopyOnWriteArrayList;
                import dev.vigil.api.*;
                import dev.vigil.api.events.PluginEvent;
                import dev.vigil.api.http.*;
                import dev.vigil.api.services.ResourceHistory;
                @org.pf4j.Extension
                public class Probe implements VigilPlugin {
                    private PluginContext context;
                    private final List<String> exchanges = new CopyOnWriteArrayList<>();
                    private final List<String> pluginEvents = new CopyOnWriteArrayList<>();
                    private final java.util.concurrent.atomic.AtomicInteger streamsEnded =
                        new java.util.concurrent.atomic.AtomicInteger();
                    public void start(PluginContext context) { this.context = context; }
                    public void routes(PluginRoutes routes) {
                        routes.get("/exchanges", Role.VIEWER, (req, res) -> context.json().send(res,
                                  Map.of("exchanges", exchanges)))
                              .get("/plugin-events", Role.VIEWER, (req, res) -> context.json().send(res,
                                  Map.of("events", pluginEvents)))
                              .post("/signal", Role.ADMIN, (req, res) -> {
                                  var body = context.json().readTree(req, 1000);
                                  context.signals().publish(body.get("name").asText(),
                                      Map.of("source", "probe"), body.get("value").asDouble(), context.clock().instant());
                                  context.json().send(res, Map.of("published", true));
                              })
                              .get("/services", Role.VIEWER, (req, res) -> context.json().send(res, Map.of(
                                  "resource_history", context.services().find(ResourceHistory.class)
                                      .map(h -> h.samples(Instant.EPOCH, Instant.now()).size()).orElse(-1))))
                              .post("/jobs", Role.ADMIN, (req, res) -> context.json().send(res, context.jobs()
                                  .submit("count", progress -> {
                                      for (int i = 1; i <= 4; i++) {
                                          Thread.sleep(50);
                                          progress.update(i / 4.0, "step " + i);
                                      }
                                      return Map.of("counted", 4);
                                  })))
                              .get("/stream", Role.VIEWER, (req, res) -> {
                                  int lines = Integer.parseInt(req.query().first("lines").orElse("3"));
                                  res.header("Content-Type", "text/event-stream");
                                  try (var out = res.outputStream()) {
                                      for (int i = 0; i < lines; i++) {
                                          out.write(("data: " + i + "\\n\\n").getBytes());
                                          out.flush();
                                          if (lines > 10) Thread.sleep(20);
                                      }
                                  } finally {
                                      streamsEnded.incrementAndGet();
                                  }
                              })
                              .get("/streams-ended", Role.VIEWER, (req, res) -> context.json().send(res,
                                  Map.of("ended", streamsEnded.get())))
                              .get("/jobs/{id}", Role.VIEWER, (req, res) -> context.json().send(res, context.jobs()
                                  .find(req.path().pathParameters().get("id"))
                                  .orElseThrow(() -> ApiException.notFound("no such job"))));
                    }
                    public List<dev.vigil.api.http.RequestObserver> requestObservers() {
                        return List.of(exchange -> exchanges.add(exchange.method() + " " + exchange.routeTemplate()
                            + " " + exchange.status() + " " + exchange.caller() + " " + exchange.pluginId()));
                    }
                    public List<Subscription<?>> subscriptions() {
                        return List.of(Subscription.to(PluginEvent.class,
                            event -> pluginEvents.add(event.pluginId() + ":" + event.state())));
                    }
                    public List<ProvidedService<?>> services() {
                        return List.of(ProvidedService.of(ResourceHistory.class, (from, to) -> List.of(
                            new ResourceHistory.ResourceSample(Instant.EPOCH, 1, 2, 3))));
                    }
                }
                """).build(dir.resolve("probe.jar"));
    }

    /**
     * {@code secretive}: a config with secrets at the top, in a list and in a map; a channel named {@code bad} is
     * refused with a message that repeats its url and headers, as careless validation does.
     */
    static Path secretive(Path dir) throws IOException {
        return PluginJarBuilder.plugin("secretive", "1.0.0").source("test.secretive.Secretive", """
                package test.secretive;
                import java.util.List;
                import java.util.Map;
                import dev.vigil.api.*;
                import org.pf4j.Extension;

                @Extension
                public class Secretive implements VigilPlugin {
                    public record Settings(String label, @Secret String apiKey, List<Channel> channels) {
                    }
                    public record Channel(String name, @Secret(Secret.Reveal.URL_ORIGIN) String url,
                                          @Secret Map<String, String> headers) {
                        public Channel {
                            if ("bad".equals(name)) {
                                throw new IllegalArgumentException("channel bad: " + url + " refused " + headers);
                            }
                        }
                    }
                    public void start(PluginContext context) {
                        context.config(Settings.class, new Settings("none", null, List.of()));
                    }
                }
                """).build(dir.resolve("secretive.jar"));
    }
}
