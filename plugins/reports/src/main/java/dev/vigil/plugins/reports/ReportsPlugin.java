package dev.vigil.plugins.reports;

import dev.vigil.api.PluginContext;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;

import org.pf4j.Extension;

/**
 * Combined reports: what the plugin contributes, nothing else. {@link ReportBuilder} gathers through the other
 * plugins' services, {@link CsvReport} writes CSV, {@link ReportsRoutes} answers. No tables: a report is computed
 * when asked.
 */
@Extension
public final class ReportsPlugin implements VigilPlugin {

    private ReportsRoutes routes;

    @Override
    public void start(PluginContext context) {
        var config = context.config(ReportsConfig.class, ReportsConfig.DEFAULTS);
        routes = new ReportsRoutes(config::get, new ReportBuilder(context.services(), context.logger()),
                                   context.json(), context.clock());
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.get("", Role.VIEWER, routes::report);
    }
}
