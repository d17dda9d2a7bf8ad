package dev.vigil.plugins.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.Signal;
import dev.vigil.api.events.AlertEvent;
import dev.vigil.api.events.PluginEvent;
import dev.vigil.api.http.ApiException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fans events from the bus out to the connected stream clients. Each event is rendered to JSON once, and only
 * when some client wants it; offering never blocks (see {@link StreamClient}).
 */
final class StreamHub {

    private final Set<StreamClient> clients = ConcurrentHashMap.newKeySet();
    private final ObjectMapper mapper;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    StreamHub(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A new client.
     *
     * @throws ApiException 503 when {@code maxClients} are connected already, or the plugin is stopping
     */
    StreamClient connect(String caller, SignalFilter filter, int capacity, int maxClients) {
        if (closed) {
            throw ApiException.overloaded("the dashboard is stopping", 5);
        }
        synchronized (clients) {
            if (clients.size() >= maxClients) {
                throw ApiException.overloaded("already " + clients.size() + " event streams are open (max-stream-"
                                                      + "clients in config/plugins/dashboard.yaml)", 10);
            }
            StreamClient client = new StreamClient(nextId.getAndIncrement(), caller, filter, capacity);
            clients.add(client);
            return client;
        }
    }

    void disconnect(StreamClient client) {
        client.close();
        clients.remove(client);
    }

    void signal(Signal signal) {
        StreamEvent event = null;
        for (StreamClient client : clients) {
            if (client.filter().accepts(signal)) {
                if (event == null) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", signal.name());
                    body.put("labels", signal.labels());
                    body.put("value", signal.value());
                    body.put("time", signal.time());
                    event = new StreamEvent("signal", json(body));
                }
                offer(client, event);
            }
        }
    }

    void alert(AlertEvent alert) {
        broadcast("alert", alert);
    }

    void plugin(PluginEvent plugin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("time", plugin.time());
        body.put("plugin_id", plugin.pluginId());
        body.put("version", plugin.version());
        body.put("state", plugin.state());
        body.put("error", plugin.error());
        broadcast("plugin", body);
    }

    private void broadcast(String name, Object body) {
        if (clients.isEmpty()) {
            return;
        }
        StreamEvent event = new StreamEvent(name, json(body));
        clients.forEach(client -> offer(client, event));
    }

    private void offer(StreamClient client, StreamEvent event) {
        if (client.offer(event)) {
            published.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Ends every stream: their writers wake up, finish the response and return. */
    void close() {
        closed = true;
        clients.forEach(StreamClient::close);
    }

    int clientCount() {
        return clients.size();
    }

    /** What the status route shows. */
    Map<String, Object> describe() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StreamClient client : clients) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", client.id());
            view.put("caller", client.caller());
            view.put("signals", client.filter().prefixes());
            view.put("labelled", client.filter().labelled());
            view.put("queued", client.depth());
            view.put("sent", client.sent());
            view.put("dropped", client.droppedTotal());
            list.add(view);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("clients", list.size());
        view.put("events_queued_total", published.get());
        view.put("events_dropped_total", dropped.get());
        view.put("connections", list);
        return view;
    }
}
