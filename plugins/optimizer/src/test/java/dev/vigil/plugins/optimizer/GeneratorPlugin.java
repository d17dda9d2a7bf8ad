package dev.vigil.plugins.optimizer;

import java.io.IOException;
import java.nio.file.Path;

import dev.vigil.testkit.PluginJarBuilder;

/**
 * {@code gen}: a throwaway plugin that plays the other plugins' part in the optimizer's integration tests. It
 * publishes the RequestEvents posted to it with their RequestMinute figures (made by {@link RequestFigures}, as the
 * requests plugin makes them) and the system signals posted to it, and offers the ResourceHistory and QueryInsights
 * services with whatever samples and findings were posted.
 */
final class GeneratorPlugin {

    private GeneratorPlugin() {
    }

    static Path build(Path dir) throws IOException {
        return PluginJarBuilder.plugin("gen", "1.0.0").source("test.gen.GenPlugin", """
                package test.gen;

                import java.time.Instant;
                import java.util.List;
                import java.util.Map;
                import com.fasterxml.jackson.databind.JsonNode;
                import dev.vigil.api.*;
                import dev.vigil.api.events.RequestEvent;
                import dev.vigil.api.events.RequestMinute;
                import dev.vigil.api.http.*;
                import dev.vigil.api.services.QueryInsights;
                import dev.vigil.api.services.ResourceHistory;
                import org.pf4j.Extension;

                @Extension
                public class GenPlugin implements VigilPlugin {
                    private PluginContext context;
                    private volatile List<ResourceHistory.ResourceSample> resources = List.of();
                    private volatile List<QueryInsights.QueryFinding> findings = List.of();

                    public void start(PluginContext context) { this.context = context; }

                    public void routes(PluginRoutes routes) {
                        routes.post("/requests", Role.ADMIN, (req, res) -> {
                                  var mapper = context.json().mapper();
                                  JsonNode body = context.json().readTree(req, 50_000_000);
                                  List<RequestEvent> events = mapper.readerForListOf(RequestEvent.class)
                                      .readValue(body.get("events"));
                                  List<RequestMinute> figures = mapper.readerForListOf(RequestMinute.class)
                                      .readValue(body.get("figures"));
                                  events.forEach(context.events()::publish);
                                  context.events().publishAll(RequestMinute.class, figures);
                                  context.json().send(res, Map.of("published", events.size()));
                              })
                              .post("/signals", Role.ADMIN, (req, res) -> {
                                  JsonNode body = context.json().readTree(req, 10_000_000);
                                  for (JsonNode point : body) {
                                      context.signals().publish(point.get("name").asText(), Map.of(),
                                          point.get("value").asDouble(), Instant.parse(point.get("time").asText()));
                                  }
                                  context.json().send(res, Map.of("published", body.size()));
                              })
                              .post("/resources", Role.ADMIN, (req, res) -> {
                                  resources = context.json().mapper()
                                      .readerForListOf(ResourceHistory.ResourceSample.class)
                                      .readValue(context.json().readTree(req, 10_000_000));
                                  context.json().send(res, Map.of("stored", resources.size()));
                              })
                              .post("/findings", Role.ADMIN, (req, res) -> {
                                  findings = context.json().mapper()
                                      .readerForListOf(QueryInsights.QueryFinding.class)
                                      .readValue(context.json().readTree(req, 1_000_000));
                                  context.json().send(res, Map.of("stored", findings.size()));
                              });
                    }

                    public List<ProvidedService<?>> services() {
                        ResourceHistory history = (from, to) -> resources.stream()
                            .filter(s -> !s.time().isBefore(from) && s.time().isBefore(to)).toList();
                        QueryInsights insights = () -> findings;
                        return List.of(ProvidedService.of(ResourceHistory.class, history),
                                       ProvidedService.of(QueryInsights.class, insights));
                    }
                }
                """).build(dir.resolve("gen.jar"));
    }
}
