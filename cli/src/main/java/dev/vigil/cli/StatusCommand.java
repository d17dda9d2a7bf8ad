package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code vigil status}: GET /api/v1/admin/status, read for a person. */
@Command(name = "status", header = "Version, uptime, storage, plugins and JVM of the server", mixinStandardHelpOptions = true,
        description = "The server: version, uptime, storage, plugins by state, signals, JVM (viewer token).")
final class StatusCommand extends ClientCommand {

    @Override
    public Integer call() {
        Answer answer = client().get("/api/v1/admin/status");
        if (json()) {
            printJson(answer);
            return ExitCodes.OK;
        }
        JsonNode status = answer.json();
        JsonNode plugins = status.path("plugins");
        List<String> states = new ArrayList<>();
        for (Map.Entry<String, JsonNode> state : plugins.properties()) {
            if (!state.getKey().equals("total") && !state.getKey().equals("unreleased_class_loaders")) {
                states.add(state.getValue().asLong() + " " + state.getKey());
            }
        }
        long unreleased = Json.whole(plugins, "unreleased_class_loaders");
        JsonNode signals = status.path("signals");
        JsonNode jvm = status.path("jvm");
        KeyValues view = new KeyValues()
                .add("server", target().url())
                .add("version", Json.text(status, "version", "-"))
                .add("uptime", Human.duration(Json.whole(status, "uptime_seconds")) + " (since "
                        + Json.text(status, "started_at", "-") + ")")
                .add("storage", storage(status.path("storage")))
                .add("plugins", Json.whole(plugins, "total") + " total: " + String.join(", ", states)
                        + (unreleased > 0 ? "; " + unreleased + " unloaded plugin(s) not yet released" : ""))
                .add("signals", Human.count(Json.whole(signals, "series")) + " series, "
                        + Human.count(Json.whole(signals, "published")) + " published"
                        + (Json.whole(signals, "rejected_series") > 0
                        ? ", " + Json.whole(signals, "rejected_series") + " series refused" : ""))
                .add("jvm", "Java " + Json.text(jvm, "version", "-") + ", heap "
                        + Human.bytes(Json.whole(jvm, "heap_used_bytes")) + " of "
                        + Human.bytes(Json.whole(jvm, "heap_max_bytes")) + ", " + Json.whole(jvm, "threads")
                        + " threads")
                .add("data", Json.text(status.path("directories"), "data", "-"));
        out().print(view.render(style()));
        if (plugins.path("failed").asLong() > 0) {
            out().println(style().paint(Style.RED, "some plugins FAILED: see vigil plugins"));
        }
        return ExitCodes.OK;
    }

    /** The server's own description ("sqlite /data/vigil.db") already starts with the kind; say it once. */
    static String storage(JsonNode storage) {
        String kind = Json.text(storage, "kind", "-");
        String description = Json.text(storage, "description", "");
        return description.startsWith(kind) ? description : (kind + "  " + description).strip();
    }
}
