package com.example.vigil.notices;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.PluginContext;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/** What the plugin contributes, nothing else: a table, two routes and a task. */
@Extension
public final class NoticesPlugin implements VigilPlugin {

    private static final System.Logger LOG = System.getLogger(NoticesPlugin.class.getName());

    private PluginContext context;
    private LiveConfig<NoticesConfig> config;
    private NoticeBoard board;
    private NoticesRoutes routes;

    @Override
    public List<Migration> migrations() {
        // ${ID} is the kernel's auto-increment key for SQLite and PostgreSQL alike; the index serves the expiry.
        return List.of(Migration.of(1, "notices table",
                                    "CREATE TABLE notices_items (id ${ID}, text TEXT NOT NULL, author TEXT NOT NULL, "
                                            + "posted_at BIGINT NOT NULL)",
                                    "CREATE INDEX notices_items_posted_at ON notices_items (posted_at)"));
    }

    @Override
    public void start(PluginContext context) {
        this.context = context;
        config = context.config(NoticesConfig.class, NoticesConfig.DEFAULTS);
        board = new NoticeBoard(context.storage().db(), context.clock());
        routes = new NoticesRoutes(config, board, context.json());
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.get("/board", Role.VIEWER, routes::board)
              .post("/notices", Role.ADMIN, routes::post);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(ScheduledTask.every("expire", Duration.ofMinutes(1), () -> {
            long expired = board.expireBefore(context.clock().instant().minus(config.get().keepFor()));
            if (expired > 0) {
                LOG.log(System.Logger.Level.INFO, "notices: {0} expired", expired);
            }
        }));
    }
}
