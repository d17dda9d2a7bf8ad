package dev.vigil.plugins.dashboard;

import java.nio.file.Path;

import dev.vigil.testkit.PluginJarBuilder;

/**
 * A throwaway plugin for the tests: publishes, on request, a signal or an alert event on the bus, as the concern
 * plugins do, so the dashboard's stream can be watched carrying them.
 */
final class FeederPlugin {

    static final String ID = "feeder";

    private FeederPlugin() {
    }

    /** Builds the jar into {@code dir}. */
    static Path build(Path dir) throws Exception {
        return PluginJarBuilder.plugin(ID, "1.0.0").source("test.feeder.Feeder", """
                package test.feeder;

                import java.util.Map;
                import dev.vigil.api.PluginContext;
                import dev.vigil.api.VigilPlugin;
                import dev.vigil.api.events.AlertEvent;
                import dev.vigil.api.http.PluginRoutes;
                import dev.vigil.api.http.Role;
                import com.fasterxml.jackson.databind.JsonNode;

                @org.pf4j.Extension
                public class Feeder implements VigilPlugin {
                    private PluginContext context;

                    @Override
                    public void start(PluginContext context) {
                        this.context = context;
                    }

                    @Override
                    public void routes(PluginRoutes routes) {
                        routes.post("/signal", Role.ADMIN, (req, res) -> {
                            JsonNode body = context.json().readTree(req, 10_000);
                            Map<String, String> labels = new java.util.TreeMap<>();
                            body.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                            context.signals().publish(body.get("name").asText(), labels, body.get("value").asDouble(),
                                                      context.clock().instant());
                            context.json().send(res, Map.of("published", true));
                        });
                        routes.post("/alert", Role.ADMIN, (req, res) -> {
                            JsonNode body = context.json().readTree(req, 10_000);
                            context.events().publish(new AlertEvent(context.clock().instant(), body.get("id").asText(),
                                    body.get("rule").asText(), Map.of(), body.get("severity").asText(),
                                    body.get("change").asText(), body.path("signal").asText("feeder.value"),
                                    body.path("value").asDouble(0), body.path("message").asText(""), "system"));
                            context.json().send(res, Map.of("published", true));
                        });
                    }
                }
                """).build(dir.resolve("feeder.jar"));
    }
}
