package dev.vigil.plugins.hello;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.PluginContext;
import dev.vigil.api.ScheduledTask;
import dev.vigil.api.VigilPlugin;
import dev.vigil.api.http.PluginRoutes;
import dev.vigil.api.http.Role;
import dev.vigil.api.metrics.Gauge;
import dev.vigil.api.storage.Migration;

import org.pf4j.Extension;

/** The example plugin: what it contributes, nothing else. The work is in {@link NoteBook} and {@link HelloRoutes}. */
@Extension
public final class HelloPlugin implements VigilPlugin {

    private PluginContext context;
    private NoteBook notes;
    private HelloRoutes routes;
    private Gauge notesGauge;

    @Override
    public List<Migration> migrations() {
        return List.of(Migration.of(1, "notes table",
                                    "CREATE TABLE hello_notes (id ${ID}, text TEXT NOT NULL, author TEXT NOT NULL, "
                                            + "created_at BIGINT NOT NULL)"));
    }

    @Override
    public void start(PluginContext context) {
        var config = context.config(HelloConfig.class, HelloConfig.DEFAULTS);
        notes = new NoteBook(context.storage().db(), context.clock());
        // A gauge the plugin sets, not one read at scrape: counting rows is I/O, which a scrape must not wait on.
        notesGauge = context.metrics().gauge("vigil_hello_notes", "Notes stored by the hello plugin.");
        routes = new HelloRoutes(config, notes, context.json(), this::countNotes);
        this.context = context;
        countNotes();
    }

    @Override
    public void routes(PluginRoutes plugin) {
        plugin.get("/greeting", Role.VIEWER, routes::greeting)
              .get("/notes", Role.VIEWER, routes::listNotes)
              .post("/notes", Role.ADMIN, routes::addNote);
    }

    @Override
    public List<ScheduledTask> tasks() {
        return List.of(ScheduledTask.every("count-notes", Duration.ofSeconds(30), () ->
                context.signals().publish("hello.notes_total", java.util.Map.of(), countNotes(),
                                          context.clock().instant())));
    }

    /** Counts the notes and shows the count on /metrics (another node may have added some). */
    private long countNotes() {
        long count = notes.count();
        notesGauge.set(count);
        return count;
    }
}
