package dev.vigil.plugins.errors;

import java.io.IOException;
import java.nio.file.Path;

import dev.vigil.testkit.PluginJarBuilder;

/** Throwaway plugins the integration tests build from source. */
final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * {@code thrower}: GET /explode throws with the order id of its query in the message; GET /fine answers; the task
     * {@code tick} throws on every run (every 500 ms).
     */
    static Path thrower(Path dir) throws IOException {
        return PluginJarBuilder.plugin("thrower", "1.0.0").source("test.thrower.Thrower", """
                package test.thrower;
                import java.time.Duration;
                import java.util.List;
                import java.util.Map;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                @org.pf4j.Extension
                public class Thrower implements VigilPlugin {
                    private PluginContext context;
                    public void start(PluginContext context) { this.context = context; }
                    public void routes(PluginRoutes routes) {
                        routes.get("/explode", Role.VIEWER, (req, res) -> {
                                  throw new IllegalStateException("order "
                                      + req.query().first("order").orElse("?") + " exploded");
                              })
                              .get("/fine", Role.VIEWER, (req, res) -> context.json().send(res, Map.of("ok", true)));
                    }
                    public List<ScheduledTask> tasks() {
                        return List.of(ScheduledTask.every("tick", Duration.ofMillis(500), () -> {
                            throw new UnsupportedOperationException("tick is not implemented");
                        }));
                    }
                }
                """).build(dir.resolve("thrower.jar"));
    }
}
