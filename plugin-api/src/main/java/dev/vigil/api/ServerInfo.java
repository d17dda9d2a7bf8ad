package dev.vigil.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the running server that some plugins need (the dependency scanner reads its jars). */
public interface ServerInfo {

    String version();

    /** The loopback address the server listens on, e.g. {@code http://127.0.0.1:8080}. */
    URI baseUri();

    Path dataDir();

    Path pluginsDir();

    Path configDir();

    /** The distribution's {@code lib/} directory, when the server runs from a distribution. */
    Optional<Path> libDir();
}
