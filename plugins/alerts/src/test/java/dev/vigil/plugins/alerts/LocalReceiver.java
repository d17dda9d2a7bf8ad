package dev.vigil.plugins.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP endpoint on 127.0.0.1 for channels to send to: it records every request a route takes, then answers
 * as the test set that route to. A route takes the requests whose path begins with it ({@code /hook} takes
 * {@code /hook/KEY}); a path no route takes gets the JDK server's 404 and is not recorded.
 */
final class LocalReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request a route took: the route, the request's path, its headers and its body. */
    record Request(String route, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header, whatever the case of its name; null when it was not sent. */
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("the request to " + path + " is not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return path + " " + body;
        }
    }

    /** A route's answer: its status and text; an empty text is sent as no body. */
    record Answer(int status, String text, String contentType) {

        static Answer text(int status, String text) {
            return new Answer(status, text, null);
        }

        static Answer json(int status, String text) {
            return new Answer(status, text, "application/json");
        }
    }

    /** How a route answers a request it took (and has recorded). */
    @FunctionalInterface
    interface Responder {
        Answer answer(Request request);
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private LocalReceiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver on a free port, with no route yet. */
    static LocalReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // One thread per request: a route that holds its answer does not hold the others.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return new LocalReceiver(server);
    }

    /** {@code route} answers every request with {@code status} and {@code text}. */
    LocalReceiver answer(String route, int status, String text) {
        return answer(route, request -> Answer.text(status, text));
    }

    /** {@code route} answers each request as {@code responder} says. */
    LocalReceiver answer(String route, Responder responder) {
        server.createContext(route, exchange -> {
            try (exchange) {
                Request request = record(route, exchange);
                send(exchange, responder.answer(request));
            }
        });
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL of {@code path} on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** Every request taken so far, in the order they came. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests {@code route} took, in the order they came. */
    List<Request> requestsTo(String route) {
        return requests.stream().filter(r -> r.route().equals(route)).toList();
    }

    /** Forgets the requests taken so far. */
    void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private Request record(String route, HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        Request request = new Request(route, exchange.getRequestURI().getPath(), headers,
                                      new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        return request;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.text().getBytes(StandardCharsets.UTF_8);
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
        }
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
