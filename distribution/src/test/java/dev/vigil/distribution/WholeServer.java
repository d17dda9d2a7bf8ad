package dev.vigil.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.vigil.testkit.TestServer;

/** A test server loaded with every plugin the distribution ships, as users run it, with admin, viewer and ingest tokens. */
final class WholeServer {

    private static final Path DIST = Path.of(System.getProperty("vigil.distribution"));

    private WholeServer() {
    }

    static TestServer start() throws Exception {
        TestServer.Builder builder = TestServer.builder();
        for (Path zip : pluginZips()) {
            builder.plugin(zip);
        }
        return builder.start();
    }

    static List<Path> pluginZips() throws IOException {
        try (Stream<Path> files = Files.list(DIST.resolve("plugins"))) {
            return files.filter(f -> f.toString().endsWith(".zip")).sorted().toList();
        }
    }
}
