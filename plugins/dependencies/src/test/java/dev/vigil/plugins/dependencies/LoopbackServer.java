package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP server on loopback for the tests: a Maven repository's {@code maven-metadata.xml} files, PyPI and npm
 * registry answers, an NVD data feed mirror. Serves what it was given, 404 for the rest, and remembers the paths asked for.
 */
final class LoopbackServer implements AutoCloseable {

    /** One answer: status, body, and an optional delay before answering (to provoke client timeouts). */
    record Answer(int status, byte[] body, Duration delay) {
        static Answer ok(String body) {
            return new Answer(200, body.getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        }

        static Answer ok(byte[] body) {
            return new Answer(200, body, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            Answer answer = answers.getOrDefault(path, new Answer(404, "not here".getBytes(StandardCharsets.UTF_8),
                                                                  Duration.ZERO));
            try {
                Thread.sleep(answer.delay().toMillis());
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up (a timeout test): nothing to answer to
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    LoopbackServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** A test resource ({@code /registries/npm/react.json}) served at {@code path}. */
    LoopbackServer resource(String path, String resource) throws IOException {
        try (var in = LoopbackServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            return answer(path, Answer.ok(in.readAllBytes()));
        }
    }

    /** {@code maven-metadata.xml} for one artifact, listing {@code versions}. */
    LoopbackServer mavenMetadata(String groupId, String artifactId, String... versions) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n  <groupId>")
                .append(groupId).append("</groupId>\n  <artifactId>").append(artifactId)
                .append("</artifactId>\n  <versioning>\n    <latest>").append(versions[versions.length - 1])
                .append("</latest>\n    <release>").append(versions[versions.length - 1])
                .append("</release>\n    <versions>\n");
        for (String version : versions) {
            xml.append("      <version>").append(version).append("</version>\n");
        }
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        return answer("/" + groupId.replace('.', '/') + "/" + artifactId + "/maven-metadata.xml",
                      Answer.ok(xml.toString()));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<String> requested() {
        return requested;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
