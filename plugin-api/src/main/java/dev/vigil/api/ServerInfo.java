package dev.vigil.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the running server that some plugins need (the dependency scanner reads its jars). */
public interface ServerInfo {

    String version();

    /** The loopback address the server listens on, e.g. {@code http://127.0.0.1:8080}. */
    URI baseUri();

    /**
     * Where people open Vigil ({@code server.public-url} or {@code VIGIL_PUBLIC_URL}; a reverse proxy's address,
     * say), for links in notifications: an http or https URL without a trailing slash, query or fragment, e.g.
     * {@code https://vigil.example.com} or {@code https://example.com/vigil}. Empty when not set: a plugin then
     * sends no links rather than guess.
     */
    Optional<URI> publicUrl();

    Path dataDir();

    Path pluginsDir();

    Path configDir();

    /** The distribution's {@code lib/} directory, when the server runs from a distribution. */
    Optional<Path> libDir();
}
