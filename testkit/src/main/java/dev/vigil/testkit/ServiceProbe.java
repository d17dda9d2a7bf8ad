package dev.vigil.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A throwaway plugin that shows one read service of another plugin over HTTP, as that plugin's callers see it
 * (through {@code context.services()} and the plugin boundary): {@code GET /api/v1/<pluginId><route>} answers, as
 * JSON, what {@code service.method(...)} returns. Query parameters {@code from} and {@code to} are passed as
 * {@link java.time.Instant}s, {@code limit} as an int, in the order given.
 */
public final class ServiceProbe {

    private ServiceProbe() {
    }

    /**
     * Builds the probe's jar into {@code directory}.
     *
     * @param parameters the method's parameters by name, each {@code from}, {@code to} or {@code limit}
     */
    public static Path build(Path directory, String pluginId, String route, Class<?> service, String method,
                             String... parameters) throws IOException {
        List<String> arguments = new ArrayList<>();
        for (String parameter : parameters) {
            arguments.add(switch (parameter) {
                case "from", "to" -> "Instant.parse(req.query().first(\"" + parameter + "\").get())";
                case "limit" -> "Integer.parseInt(req.query().first(\"limit\").get())";
                default -> throw new IllegalArgumentException("a probe passes from, to and limit, not " + parameter);
            });
        }
        String pkg = "test." + pluginId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String source = """
                package %s;

                import java.time.Instant;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import org.pf4j.Extension;

                @Extension
                public class Probe implements VigilPlugin {
                    private PluginContext context;

                    public void start(PluginContext context) {
                        this.context = context;
                    }

                    public void routes(PluginRoutes routes) {
                        routes.get("%s", Role.VIEWER, (req, res) -> context.json().send(res,
                                context.services().find(%s.class).orElseThrow().%s(%s)));
                    }
                }
                """.formatted(pkg, route, service.getName(), method, String.join(", ", arguments));
        return PluginJarBuilder.plugin(pluginId, "1.0.0").source(pkg + ".Probe", source)
                .build(directory.resolve(pluginId + ".jar"));
    }
}
