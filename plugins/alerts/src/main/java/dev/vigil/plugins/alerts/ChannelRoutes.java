package dev.vigil.plugins.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.JsonSupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The channel routes: list, read, write and delete channels, and send one a test notification now. */
final class ChannelRoutes {

    private static final long SMALL_BODY = 16 * 1024;

    private final ChannelBook channels;
    private final Notifier notifier;
    private final JsonSupport json;

    ChannelRoutes(ChannelBook channels, Notifier notifier, JsonSupport json) {
        this.channels = channels;
        this.notifier = notifier;
        this.json = json;
    }

    void list(ServerRequest request, ServerResponse response) {
        List<ObjectNode> views = channels.effective().stream().map(this::view).toList();
        json.send(response, Map.of("channels", views, "count", views.size()));
    }

    void get(ServerRequest request, ServerResponse response) {
        json.send(response, view(find(request)));
    }

    void put(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        ChannelBook.Stored stored = channels.put(name, json.readTree(request, SMALL_BODY),
                                                 Caller.of(request).tokenName());
        json.send(response, stored.created() ? Status.CREATED_201 : Status.OK_200, view(stored.channel()));
    }

    void delete(ServerRequest request, ServerResponse response) {
        String name = request.path().pathParameters().get("name");
        var inForce = channels.delete(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deleted", name);
        body.put("now_in_force", inForce.map(e -> (Object) view(e)).orElse(null));
        json.send(response, body);
    }

    /**
     * Sends a test notification now, even to a disabled channel (to try one before switching it on), and answers
     * how it went: 200 whatever the outcome, which says whether the channel works.
     */
    void test(ServerRequest request, ServerResponse response) {
        Delivery sent = notifier.test(find(request).channel());
        // As recorded in GET /deliveries (change "test"), without the ids that mean nothing for a test.
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("channel", sent.channel());
        view.put("change", sent.change());
        view.put("time", sent.time());
        view.put("outcome", sent.outcome());
        view.put("status_code", sent.statusCode());
        view.put("duration_ms", sent.durationMs());
        view.put("error", sent.error());
        json.send(response, Map.of("delivery", view));
    }

    private ChannelBook.Effective find(ServerRequest request) {
        String name = request.path().pathParameters().get("name");
        return channels.find(name).orElseThrow(() -> ApiException.notFound("no channel is named '" + name + "'"));
    }

    /** Every field with its default filled in, secrets masked for every role, and where the channel comes from. */
    private ObjectNode view(ChannelBook.Effective effective) {
        ObjectNode view = (ObjectNode) json.masked(effective.channel());
        view.put("source", effective.source().name().toLowerCase(Locale.ROOT));
        view.put("overrides_file_channel", effective.overridesFileChannel());
        view.set("updated_at", json.mapper().valueToTree(effective.updatedAt()));
        view.put("updated_by", effective.updatedBy());
        return view;
    }
}
